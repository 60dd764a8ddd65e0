package dev.remotegpu.testfixtures.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remotegpu.testfixtures.net.EmulatedLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulated link in front of both SSH fixtures: a real OpenSSH client gets through, one RTT per exchange. */
class EmulatedLinkSshTest {
  private static final Duration RTT = Duration.ofMillis(50);
  @TempDir
  Path client;

  @Test
  void openSshClientReachesTheEmbeddedHostThroughTheLink() throws Exception {
    try (EmbeddedSshHost host = EmbeddedSshHost.start();
        EmulatedLink link = EmulatedLink.start(host.port(), RTT, 100_000_000)) {
      Path key = host.writeClientKey(client.resolve("id"));
      Path knownHosts = knownHostsFor(host.knownHostsLine(), host.port(), link.port());

      long start = System.nanoTime();
      SshCommandLine.Result result = SshCommandLine.run(link.port(), host.user(), key, knownHosts, "echo far");
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("far\n");
      // TCP set-up, version exchange, key exchange, auth, channel open and exec: more than 4 round trips.
      assertThat(seconds).isGreaterThan(4 * 0.050);
    }
  }

  @Test
  void openSshClientReachesTheRealSshdThroughTheLink() throws Exception {
    assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
    try (OpenSshDaemon sshd = OpenSshDaemon.start();
        EmulatedLink link = EmulatedLink.start(sshd.port(), RTT, 100_000_000)) {
      Path knownHosts = knownHostsFor(sshd.knownHostsLine(), sshd.port(), link.port());

      long start = System.nanoTime();
      SshCommandLine.Result result = SshCommandLine.run(link.port(), sshd.user(), sshd.clientKeyFile(), knownHosts,
          "echo far");
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(result.stdout()).isEqualTo("far\n");
      assertThat(seconds).isGreaterThan(4 * 0.050);
    }
  }

  private Path knownHostsFor(String line, int hostPort, int linkPort) throws Exception {
    Path file = client.resolve("known_hosts");
    Files.writeString(file, line.replace("]:" + hostPort + " ", "]:" + linkPort + " ") + "\n");
    return file;
  }
}
