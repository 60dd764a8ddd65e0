package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;

/** The tmux runner, one tmux server per job. */
class EmbeddedTmuxJobTest extends EmbeddedHostJobContract {

  @Override
  JobRunner runner(SshConnection connection) {
    return SshJobs.tmuxRunner(connection);
  }
}
