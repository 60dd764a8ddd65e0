package dev.remotegpu.core.job;

import java.util.OptionalInt;

/**
 * The state of a detached job as read from the machine: {@link #RUNNING}, {@link Exited} with the exit
 * code the job's wrapper recorded, or {@link #VANISHED} when there is neither a live process nor an exit
 * code (killed with its wrapper, OOM-killed with its wrapper, machine stopped or rebooted).
 */
public sealed interface JobStatus permits JobStatus.Running, JobStatus.Exited, JobStatus.Vanished {

  /** The job's process is alive. */
  JobStatus RUNNING = new Running();

  /** No live process and no recorded exit code. */
  JobStatus VANISHED = new Vanished();

  /** The job ended and its wrapper recorded {@code exitCode} (128 + n when signal n ended it). */
  static JobStatus exited(int exitCode) {
    return new Exited(exitCode);
  }

  /** Whether the job's process is alive. */
  default boolean isRunning() {
    return this instanceof Running;
  }

  /** Whether the job ended with a recorded exit code. */
  default boolean isExited() {
    return this instanceof Exited;
  }

  /** Whether the job is gone without an exit code. */
  default boolean isVanished() {
    return this instanceof Vanished;
  }

  /** The recorded exit code, when the job exited. */
  default OptionalInt exitCode() {
    return this instanceof Exited exited ? OptionalInt.of(exited.code()) : OptionalInt.empty();
  }

  /** The job's process is alive. Use {@link JobStatus#RUNNING}. */
  record Running() implements JobStatus {
    @Override
    public String toString() {
      return "RUNNING";
    }
  }

  /**
   * The job ended; its wrapper recorded the exit code.
   *
   * @param code the exit code, 0..255 (128 + n when signal n ended the job)
   */
  record Exited(int code) implements JobStatus {
    @Override
    public String toString() {
      return "EXITED(" + code + ")";
    }
  }

  /** No process and no exit code. Use {@link JobStatus#VANISHED}. */
  record Vanished() implements JobStatus {
    @Override
    public String toString() {
      return "VANISHED";
    }
  }
}
