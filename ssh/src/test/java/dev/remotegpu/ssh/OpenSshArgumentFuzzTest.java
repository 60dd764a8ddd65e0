package dev.remotegpu.ssh;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The fuzz against the real OpenSSH sshd (and the user's login shell); skipped where sshd is absent. */
class OpenSshArgumentFuzzTest extends ArgumentFuzzContract {
  private static OpenSshTestHost host;
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
}
