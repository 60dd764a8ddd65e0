package dev.remotegpu.ssh;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The fuzz against the embedded SSH host (and its shell). */
class EmbeddedArgumentFuzzTest extends ArgumentFuzzContract {
  @RegisterExtension
  static final SshTestHost HOST = SshTestHost.embedded();
}
