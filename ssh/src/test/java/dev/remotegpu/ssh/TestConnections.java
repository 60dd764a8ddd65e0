package dev.remotegpu.ssh;

import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.nio.file.Path;
import java.time.Duration;

/** Connections to the test hosts with short timeouts. */
final class TestConnections {
  private TestConnections() {
  }

  /** The tests' timeouts and reconnect budget on a config. */
  static SshConfig.Builder timeouts(SshConfig.Builder config) {
    return config.connectTimeout(Duration.ofSeconds(15))
        .commandTimeout(Duration.ofSeconds(30))
        .reconnect(5, Duration.ofMillis(100));
  }

  static SshConfig.Builder config(EmbeddedSshHost host, Path knownHosts) {
    return timeouts(SshConfig.builder(host.endpoint())
        .privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(knownHosts)));
  }

  static SshConnection connect(EmbeddedSshHost host, Path knownHosts) {
    return SshConnector.connect(config(host, knownHosts).build());
  }

  static SshConnection connect(OpenSshDaemon sshd, Path knownHosts) {
    return SshConnector.connect(timeouts(SshConfig.builder(sshd.endpoint())
        .privateKey(sshd.clientKeyFile())
        .knownHosts(sshd.writeKnownHosts(knownHosts))).build());
  }
}
