package dev.remotegpu.ssh;

import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the contracts every SSH test host must pass: it hands them the host of the class they run in (the
 * class's {@code @RegisterExtension static final SshTestHost}) and its shared connection.
 */
abstract class SshHostContract {
  private SshTestHost host;

  @BeforeEach
  void useHost(SshTestHost host) {
    this.host = host;
  }

  /** The host of the test class. */
  SshTestHost host() {
    return host;
  }

  /** The connection the class's tests share. */
  SshConnection connection() {
    return host.connection();
  }
}
