package dev.remotegpu.ssh;

import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Job and push hygiene on the embedded SSH host. */
class EmbeddedJobHygieneTest extends JobHygieneContract {
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
  SshConfig.Builder config(Path knownHosts) {
    return TestConnections.config(host, client.resolve("unused_known_hosts")).knownHosts(knownHosts);
  }

  @Override
  String knownHostsLine() {
    return host.knownHostsLine();
  }
}
