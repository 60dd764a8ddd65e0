package dev.remotegpu.ssh;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The fuzz against the real OpenSSH sshd (and the user's login shell); skipped where sshd is absent. */
class OpenSshArgumentFuzzTest extends ArgumentFuzzContract {
  @RegisterExtension
  static final SshTestHost HOST = SshTestHost.openSsh();
}
