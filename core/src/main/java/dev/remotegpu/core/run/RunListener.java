package dev.remotegpu.core.run;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.checkpoint.SyncListener;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.job.SupervisorListener;
import dev.remotegpu.core.launch.LaunchListener;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.TeardownPlan;
import java.util.List;

/**
 * Progress of a {@link RemoteRun}, for progress bars and logs: the launch attempts, the job supervisor's
 * events, the checkpoint transfer, and the run's own phases. Every hook has a no-op default; override
 * what you show.
 *
 * <p>Threading and order: hooks are called on the thread that runs the verb ({@code up}, {@code watch},
 * {@code pull} ...), in the order the events happen; transfer events may come from a transfer thread, but calls
 * never overlap. A {@link RemoteRun} calls its SLF4J log ({@link RunListeners#logging()}) first, then the
 * listener given to {@link RemoteRun.Builder#listener}, one after the other on the same thread: a hook that
 * blocks delays the run, so hand slow work to your own thread. A hook that throws is logged at WARN and
 * skipped for that event; the other listeners still hear of it and the run goes on.
 */
public interface RunListener extends LaunchListener, SupervisorListener, SyncListener {

  /** A listener that ignores every event. */
  RunListener NONE = new RunListener() { };

  /** The platform's danger clocks, surfaced before anything is rented (principle: teach the platform). */
  default void dangerClocks(List<DangerClock> clocks) {
  }

  /** A verb of the run begins: "up", "push", "start", "watch", "pull", "down". */
  default void phase(String verb, String detail) {
  }

  /** The machine is READY and its shell answers. */
  default void machineUp(Machine machine) {
  }

  /** Code was uploaded: {@code sent} files changed, the others were already there. */
  default void pushed(String remoteDir, int sent) {
  }

  /** The checkpoints were pulled, checked against the manifest and verified by load. */
  default void pulled(SyncResult result) {
  }

  /**
   * Before the machine is created: what the auto-shutdown window would cost at the budget's or the declared rates
   * (an estimate), or why no estimate can be given, in words.
   */
  default void spendForecast(String estimate) {
  }

  /** What the machine has cost so far and will cost ahead (an estimate); sent while the job is watched. */
  default void spend(SpendEstimate estimate) {
  }

  /** The budget guard stopped the machine (reversible) because the next checkpoint interval would pass the budget. */
  default void budgetStopped(BudgetDecision decision) {
  }

  /** A teardown plan was made; it has not run. */
  default void planned(TeardownPlan plan) {
  }

  /** A teardown plan ran (possibly in part: refused steps are in the report). */
  default void executed(ExecutionReport report) {
  }
}
