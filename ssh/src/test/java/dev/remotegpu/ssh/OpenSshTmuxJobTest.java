package dev.remotegpu.ssh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job contract against the real OpenSSH sshd (runner chosen by {@link SshJobs#runner}: tmux where
 * installed). A drop kills the per-connection sshd processes.
 */
class OpenSshTmuxJobTest extends DetachedJobContract {
  static OpenSshDaemon sshd;
  static SshConnection connection;
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

  @Override
  SshConnection newConnection() {
    return TestConnections.connect(sshd, client.resolve("known_hosts"));
  }

  @Override
  JobRunner runner(SshConnection connection) {
    return SshJobs.runner(connection);
  }

  @Override
  void dropConnections() {
    sshd.dropAllSessions();
  }

  @Override
  void killEverything() {
    sshd.killSessionProcesses();
  }
}
