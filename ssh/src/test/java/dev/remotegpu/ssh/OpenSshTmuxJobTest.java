package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job contract against the real OpenSSH sshd (runner chosen by {@link SshJobs#runner}: tmux where
 * installed). A drop kills the per-connection sshd processes.
 */
class OpenSshTmuxJobTest extends DetachedJobContract {
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
  SshConnection newConnection() {
    return host.newConnection();
  }

  @Override
  JobRunner runner(SshConnection connection) {
    return SshJobs.runner(connection);
  }

  @Override
  void dropConnections() {
    host.sshd.dropAllSessions();
  }

  @Override
  void killEverything() {
    host.sshd.killSessionProcesses();
  }
}
