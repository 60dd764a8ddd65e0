package dev.remotegpu.ssh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.nio.file.Path;

/**
 * A private OpenSSH sshd with one open connection, shared by the tests of a class; starting it skips the class
 * where {@code /usr/sbin/sshd} is absent.
 */
final class OpenSshTestHost implements AutoCloseable {
  final OpenSshDaemon sshd;
  final SshConnection connection;
  private final Path knownHosts;

  private OpenSshTestHost(OpenSshDaemon sshd, Path knownHosts) {
    this.sshd = sshd;
    this.knownHosts = knownHosts;
    this.connection = TestConnections.connect(sshd, knownHosts);
  }

  static OpenSshTestHost start(Path clientDir) {
    assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
    OpenSshDaemon sshd = OpenSshDaemon.start();
    try {
      return new OpenSshTestHost(sshd, clientDir.resolve("known_hosts"));
    } catch (RuntimeException e) {
      sshd.close();
      throw e;
    }
  }

  /** A second, independent connection to the same daemon. */
  SshConnection newConnection() {
    return TestConnections.connect(sshd, knownHosts);
  }

  /** Closes a host that may not have started (null when the class was skipped). */
  static void close(OpenSshTestHost host) {
    if (host != null) {
      host.close();
    }
  }

  @Override
  public void close() {
    connection.close();
    sshd.close();
  }
}
