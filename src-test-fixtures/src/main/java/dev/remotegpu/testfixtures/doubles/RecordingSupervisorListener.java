package dev.remotegpu.testfixtures.doubles;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.job.SupervisorListener;
import dev.remotegpu.core.profile.Finding;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link SupervisorListener} that keeps every event but the per-poll ones ({@code statusRead},
 * {@code connectionLost}) as a line, in order: {@code "started job-1 #1"}, {@code "machine off"},
 * {@code "machine starting"}, {@code "machine ready"}, {@code "diagnosed job-1 [PS2]"},
 * {@code "ended job-2 EXITED(0)"}, {@code "gave up"}; and the jobs it saw start. Extend it to act on a per-poll event
 * (for example switch a {@link FakeMachine} off when a status is read); the recorded hooks are final, so the
 * record stays whole. Thread-safe.
 */
public class RecordingSupervisorListener implements SupervisorListener {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<DetachedJob> jobs = new CopyOnWriteArrayList<>();

  /** A listener that has recorded nothing yet. */
  public RecordingSupervisorListener() {
  }

  /** The events so far, oldest first (a snapshot). */
  public final List<String> events() {
    return List.copyOf(events);
  }

  /** The jobs started so far, launch 1 first (a snapshot). */
  public final List<DetachedJob> jobs() {
    return List.copyOf(jobs);
  }

  @Override
  public final void jobStarted(DetachedJob job, int launch) {
    jobs.add(job);
    events.add("started " + job.id() + " #" + launch);
  }

  @Override
  public final void machineStopped(Machine machine) {
    events.add("machine off");
  }

  @Override
  public final void machineStarting(Machine machine) {
    events.add("machine starting");
  }

  @Override
  public final void machineReady(Machine machine) {
    events.add("machine ready");
  }

  @Override
  public final void vanishDiagnosed(DetachedJob job, List<Finding> findings) {
    events.add("diagnosed " + job.id() + " " + findings.stream().map(Finding::gotchaId).toList());
  }

  @Override
  public final void jobEnded(DetachedJob job, JobStatus status) {
    events.add("ended " + job.id() + " " + status);
  }

  @Override
  public final void gaveUp(String reason) {
    events.add("gave up");
  }
}
