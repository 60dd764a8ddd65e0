package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;

/** The nohup fallback, forced, for machines without tmux. */
class EmbeddedNohupJobTest extends EmbeddedHostJobContract {

  @Override
  JobRunner runner(SshConnection connection) {
    return SshJobs.nohupRunner(connection);
  }
}
