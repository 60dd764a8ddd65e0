package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job contract against the real OpenSSH sshd (runner chosen by {@link SshJobs#runner}: tmux where
 * installed). A drop kills the per-connection sshd processes.
 */
class OpenSshTmuxJobTest extends DetachedJobContract {
  @RegisterExtension
  static final SshTestHost HOST = SshTestHost.openSsh();

  @Override
  JobRunner runner(SshConnection connection) {
    return SshJobs.runner(connection);
  }
}
