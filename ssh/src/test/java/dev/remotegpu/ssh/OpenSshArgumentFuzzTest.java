package dev.remotegpu.ssh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The fuzz against the real OpenSSH sshd (and the user's login shell); skipped where sshd is absent. */
class OpenSshArgumentFuzzTest extends ArgumentFuzzContract {
  private static OpenSshDaemon sshd;
  private static SshConnection connection;
  @TempDir
  static Path client;

  @BeforeAll
  static void start() {
    assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
    sshd = OpenSshDaemon.start();
    connection = TestConnections.connect(sshd, client.resolve("known_hosts"));
  }

  @AfterAll
  static void stop() {
    if (connection != null) {
      connection.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Override
  SshConnection connection() {
    return connection;
  }
}
