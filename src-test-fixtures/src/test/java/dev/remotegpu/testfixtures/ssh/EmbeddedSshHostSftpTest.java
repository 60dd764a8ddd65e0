package dev.remotegpu.testfixtures.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFTP on the embedded host starts in the root and sees the same files as the shell. */
class EmbeddedSshHostSftpTest {
  @TempDir
  Path client;

  @Test
  void sftpAndShellShareTheRoot() throws Exception {
    try (EmbeddedSshHost host = EmbeddedSshHost.start()) {
      Path key = host.writeClientKey(client.resolve("id"));
      Path knownHosts = host.writeKnownHosts(client.resolve("known_hosts"));
      SshCommandLine.run(host.port(), host.user(), key, knownHosts, "mkdir -p run && printf from-shell > run/a.txt");

      SshClient ssh = SshClient.setUpDefaultClient();
      ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
      ssh.start();
      try (ClientSession session = ssh.connect(host.user(), "127.0.0.1", host.port())
          .verify(Duration.ofSeconds(10)).getSession()) {
        session.addPublicKeyIdentity(host.clientKeyPair());
        session.auth().verify(Duration.ofSeconds(10));
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
          assertThat(sftp.canonicalPath(".")).isEqualTo(host.root().toString());
          ByteArrayOutputStream read = new ByteArrayOutputStream();
          try (InputStream in = sftp.read("run/a.txt")) {
            in.transferTo(read);
          }
          assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("from-shell");
          try (OutputStream out = sftp.write("run/b.txt")) {
            out.write("from-sftp".getBytes(StandardCharsets.UTF_8));
          }
        }
      } finally {
        ssh.stop();
      }
      assertThat(Files.readString(host.root().resolve("run/b.txt"))).isEqualTo("from-sftp");
      SshCommandLine.Result cat = SshCommandLine.run(host.port(), host.user(), key, knownHosts, "cat run/b.txt");
      assertThat(cat.stdout()).isEqualTo("from-sftp");
    }
  }
}
