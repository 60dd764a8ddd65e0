package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tmux runner, one tmux server per job, against one embedded SSH host. */
class EmbeddedTmuxJobTest extends DetachedJobFeaturesContract {
  @RegisterExtension
  static final SshTestHost HOST = SshTestHost.embedded();

  @Override
  JobRunner runner(SshConnection connection) {
    return SshJobs.tmuxRunner(connection);
  }
}
