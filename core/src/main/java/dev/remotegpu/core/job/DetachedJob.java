package dev.remotegpu.core.job;

import dev.remotegpu.core.retry.Deadline;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A job running detached on a machine (under tmux or nohup), found again by its {@link #id()} from any
 * later connection or client. Every method reads the job's state files on the machine, so the answers
 * survive SSH drops and client restarts.
 */
public interface DetachedJob {

  /** The job's id, unique on its machine; pass it to {@link JobRunner#attach(String, String)} to find it again. */
  String id();

  /**
   * This job's own directory, {@code <stateDirectory>/<id>}, holding its state files ({@code pid},
   * {@code exit_code}, {@code cmd}, and {@code log} unless the spec named another log file).
   */
  String directory();

  /**
   * Reads the job's status now.
   *
   * @throws dev.remotegpu.core.SshException when the machine cannot be reached
   */
  JobStatus status();

  /**
   * The last {@code lines} lines of the job's log (fewer when the log is shorter). Bounded: implementations read
   * only the end of the log (the SSH runner its last MiB, so the first line returned may be cut).
   */
  List<String> logTail(int lines);

  /**
   * Stops the job: SIGTERM to its process group, then SIGKILL after {@code grace}. A running job is
   * EXITED afterwards (143 when it ended on SIGTERM, 137 when it had to be killed); an ended one is untouched.
   */
  void stop(Duration grace);

  /**
   * Polls {@link #status()} every {@code pollInterval} until the job is no longer running or
   * {@code timeout} passes, and returns the last status read (on the system clock and {@link Thread#sleep}).
   */
  default JobStatus awaitEnd(Duration timeout, Duration pollInterval) {
    return awaitEnd(timeout, pollInterval, TimeSource.system());
  }

  /**
   * As {@link #awaitEnd(Duration, Duration)}, timing and pausing on {@code time}; an interrupt ends the wait
   * with the last status read and the thread's interrupt flag set.
   */
  default JobStatus awaitEnd(Duration timeout, Duration pollInterval, TimeSource time) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Deadline deadline = Objects.requireNonNull(time, "time").deadline(timeout);
    Duration pause = pollInterval.toMillis() < 1 ? Duration.ofMillis(1) : pollInterval;
    JobStatus status = status();
    while (status.isRunning() && !deadline.passed()) {
      try {
        time.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return status;
      }
      status = status();
    }
    return status;
  }
}
