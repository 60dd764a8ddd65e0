package dev.remotegpu.ssh;

import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detached-job contract against one embedded SSH host per test class (started before the class's
 * tests, closed after them; test classes run one after another); subclasses choose the runner.
 */
abstract class EmbeddedHostJobContract extends DetachedJobFeaturesContract {
  private static EmbeddedSshHost host;
  private static SshConnection connection;
  @TempDir
  static Path client;

  @BeforeAll
  static void startHost() {
    host = EmbeddedSshHost.start();
    connection = TestConnections.connect(host, client.resolve("known_hosts"));
  }

  @AfterAll
  static void stopHost() {
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
  void dropConnections() {
    host.dropAllSessions();
  }

  @Override
  void killEverything() {
    host.killJobs();
  }
}
