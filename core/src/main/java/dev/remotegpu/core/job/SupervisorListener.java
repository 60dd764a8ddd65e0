package dev.remotegpu.core.job;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.profile.Finding;
import java.util.List;

/**
 * Events of a {@link JobSupervisor} run, for progress output. Every hook has a no-op default; override
 * the ones you need, or use {@link #NONE}.
 *
 * <p>Order: {@link #jobStarted} (launch 1), then for each poll {@link #statusRead} or
 * {@link #connectionLost}; when the job vanished or the machine went off: {@link #machineStopped},
 * {@link #machineStarting} and {@link #machineReady} (only when the machine was not running),
 * {@link #vanishDiagnosed}, and {@link #jobStarted} again (launch 2, 3 ...); finally {@link #jobEnded} or
 * {@link #gaveUp}. Hooks run on the supervising thread and must not block for long; an exception thrown
 * by a hook is ignored.
 */
public interface SupervisorListener {

  /** A listener that ignores every event. */
  SupervisorListener NONE = new SupervisorListener() { };

  /** The job was started; {@code launch} is 1 for the first start and counts relaunches after it. */
  default void jobStarted(DetachedJob job, int launch) {
  }

  /** A poll read {@code status}. */
  default void statusRead(DetachedJob job, JobStatus status) {
  }

  /** A poll could not reach the machine; {@code consecutiveFailures} counts from 1. */
  default void connectionLost(RemoteGpuException failure, int consecutiveFailures) {
  }

  /** The machine was found stopped (by auto-shutdown, or by hand). */
  default void machineStopped(Machine machine) {
  }

  /** The supervisor asked the platform to start the machine again. */
  default void machineStarting(Machine machine) {
  }

  /** The machine is running again and reachable for a relaunch. */
  default void machineReady(Machine machine) {
  }

  /** The vanish was diagnosed; {@code findings} is empty when the check found nothing to explain it. */
  default void vanishDiagnosed(DetachedJob job, List<Finding> findings) {
  }

  /** The job exited on its own (or was stopped) with a recorded exit code; supervision ends. */
  default void jobEnded(DetachedJob job, JobStatus status) {
  }

  /** Supervision ended without the job exiting: too many relaunches or unreachable too long. */
  default void gaveUp(String reason) {
  }
}
