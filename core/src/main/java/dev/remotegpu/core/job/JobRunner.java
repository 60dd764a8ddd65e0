package dev.remotegpu.core.job;

/**
 * Starts detached jobs on one machine and finds running ones again by id. Implementations write each
 * job's pid, exit code and log to files under {@link JobSpec#stateDirectory()}, so a job outlives the
 * connection that started it.
 */
public interface JobRunner {

  /**
   * Starts {@code spec} detached and returns once its process is running, under {@link JobSpec#jobId()} when it
   * names one (the returned job has that id) and under a fresh id otherwise.
   *
   * @throws dev.remotegpu.core.SshException when the machine cannot be reached or the job cannot start, or a job
   *     was started under the given id in that state directory already (it is not started twice)
   */
  DetachedJob start(JobSpec spec);

  /**
   * Finds the job {@code jobId} whose state lives under {@code stateDirectory}.
   *
   * @throws dev.remotegpu.core.NotFoundException when no such job was ever started there
   */
  DetachedJob attach(String jobId, String stateDirectory);

  /** Finds the job {@code jobId} under {@link JobSpec#DEFAULT_STATE_DIRECTORY}. */
  default DetachedJob attach(String jobId) {
    return attach(jobId, JobSpec.DEFAULT_STATE_DIRECTORY);
  }
}
