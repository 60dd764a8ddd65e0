package dev.remotegpu.ssh;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Job and push hygiene on the real OpenSSH sshd. */
class OpenSshJobHygieneTest extends JobHygieneContract {
  @RegisterExtension
  static final SshTestHost HOST = SshTestHost.openSsh();
}
