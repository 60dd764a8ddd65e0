package dev.remotegpu.ssh;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Job and push hygiene on the real OpenSSH sshd. */
class OpenSshJobHygieneTest extends JobHygieneContract {
  static OpenSshTestHost host;
  @TempDir
  static Path client;

  @BeforeAll
  static void start() {
    host = OpenSshTestHost.start(client);
  }

  @AfterAll
  static void stop() {
    OpenSshTestHost.close(host);
  }

  @Override
  SshConnection connection() {
    return host.connection;
  }

  @Override
  SshConfig.Builder config(Path knownHosts) {
    return SshConfig.builder(host.sshd.endpoint()).privateKey(host.sshd.clientKeyFile()).knownHosts(knownHosts)
        .connectTimeout(Duration.ofSeconds(15)).commandTimeout(Duration.ofSeconds(30))
        .reconnect(5, Duration.ofMillis(100));
  }

  @Override
  String knownHostsLine() {
    return host.sshd.knownHostsLine();
  }
}
