package dev.remotegpu.examples;

import dev.remotegpu.ssh.SshRemoteAccess;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Path;
import java.time.Duration;

/**
 * SSH access to an embedded SSH host standing in for every simulated machine (their public IPs are loopback
 * addresses; this host is the one listening for them), as the embedded demo, the simulated CLI and the examples'
 * tests use it.
 */
public final class EmbeddedHostAccess {
  private EmbeddedHostAccess() {
  }

  /**
   * A builder that logs in to {@code host} with its client key, trusting its host key (written to
   * {@code knownHosts}), and retries a lost connection briefly: a simulated machine stops and starts in a
   * fraction of a second. Set a boot wait or more on it before {@code build()}.
   */
  public static SshRemoteAccess.Builder to(EmbeddedSshHost host, Path knownHosts) {
    return SshRemoteAccess.builder()
        .privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(knownHosts))
        .endpoint(machine -> host.endpoint())
        .configure(ssh -> ssh.reconnect(2, Duration.ofMillis(100)).connectTimeout(Duration.ofSeconds(5)));
  }
}
