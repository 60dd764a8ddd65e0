package dev.remotegpu.ssh;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Job and push hygiene on the embedded SSH host. */
class EmbeddedJobHygieneTest extends JobHygieneContract {
  @RegisterExtension
  static final SshTestHost HOST = SshTestHost.embedded();
}
