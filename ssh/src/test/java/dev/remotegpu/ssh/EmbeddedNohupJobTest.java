package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The nohup fallback, forced, for machines without tmux, against one embedded SSH host. */
class EmbeddedNohupJobTest extends DetachedJobFeaturesContract {
  @RegisterExtension
  static final SshTestHost HOST = SshTestHost.embedded();

  @Override
  JobRunner runner(SshConnection connection) {
    return SshJobs.nohupRunner(connection);
  }
}
