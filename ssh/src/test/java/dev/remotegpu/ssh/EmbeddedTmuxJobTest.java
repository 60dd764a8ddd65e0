package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedTmuxJobTest extends DetachedJobFeaturesContract {
  static EmbeddedSshHost host;
  static SshConnection connection;
  @TempDir
  static Path client;

  @BeforeAll
  static void start() {
    host = EmbeddedSshHost.start();
    connection = TestConnections.connect(host, client.resolve("known_hosts"));
  }

  @AfterAll
  static void stop() {
    connection.close();
    host.close();
  }

  @Override
  SshConnection connection() {
    return connection;
  }

  @Override
  SshConnection newConnection() {
    return TestConnections.connect(host, client.resolve("known_hosts"));
  }

  @Override
  JobRunner runner(SshConnection connection) {
    return SshJobs.tmuxRunner(connection);
  }

  @Override
  void dropConnections() {
    host.dropAllSessions();
  }

  @Override
  void killEverything() {
    host.killJobs();
  }
}
