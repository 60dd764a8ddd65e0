package dev.remotegpu.core.run.internal;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.checkpoint.SyncProgress;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.launch.LaunchAttempt;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.TeardownPlan;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls several listeners in order on the caller's thread; a listener that throws is logged and skipped for that
 * event, so the listeners after it still hear of it and the run goes on.
 */
public final class IsolatingRunListener implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.remotegpu.run");

  private final List<RunListener> listeners;

  /** Calls {@code listeners} in this order. */
  public IsolatingRunListener(List<RunListener> listeners) {
    this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
  }

  private void each(String event, Consumer<RunListener> call) {
    for (RunListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("run listener {} failed on {}; the other listeners and the run go on", listener.getClass().getName(),
            event, e);
      }
    }
  }

  @Override
  public void dangerClocks(List<DangerClock> clocks) {
    each("dangerClocks", l -> l.dangerClocks(clocks));
  }

  @Override
  public void phase(String verb, String detail) {
    each("phase", l -> l.phase(verb, detail));
  }

  @Override
  public void machineUp(Machine machine) {
    each("machineUp", l -> l.machineUp(machine));
  }

  @Override
  public void pushed(String remoteDir, int sent) {
    each("pushed", l -> l.pushed(remoteDir, sent));
  }

  @Override
  public void pulled(SyncResult result) {
    each("pulled", l -> l.pulled(result));
  }

  @Override
  public void planned(TeardownPlan plan) {
    each("planned", l -> l.planned(plan));
  }

  @Override
  public void executed(ExecutionReport report) {
    each("executed", l -> l.executed(report));
  }

  @Override
  public void spendForecast(String estimate) {
    each("spendForecast", l -> l.spendForecast(estimate));
  }

  @Override
  public void spend(SpendEstimate estimate) {
    each("spend", l -> l.spend(estimate));
  }

  @Override
  public void budgetStopped(BudgetDecision decision) {
    each("budgetStopped", l -> l.budgetStopped(decision));
  }

  @Override
  public void attemptStarted(int attempt, LaunchCandidate candidate) {
    each("attemptStarted", l -> l.attemptStarted(attempt, candidate));
  }

  @Override
  public void attemptFailed(LaunchAttempt attempt) {
    each("attemptFailed", l -> l.attemptFailed(attempt));
  }

  @Override
  public void backingOff(Duration wait, int nextRound) {
    each("backingOff", l -> l.backingOff(wait, nextRound));
  }

  @Override
  public void adopted(String machineName, String machineId) {
    each("adopted", l -> l.adopted(machineName, machineId));
  }

  @Override
  public void launched(LaunchCandidate candidate, String machineName, String machineId) {
    each("launched", l -> l.launched(candidate, machineName, machineId));
  }

  @Override
  public void jobStarted(DetachedJob job, int launch) {
    each("jobStarted", l -> l.jobStarted(job, launch));
  }

  @Override
  public void statusRead(DetachedJob job, JobStatus status) {
    each("statusRead", l -> l.statusRead(job, status));
  }

  @Override
  public void connectionLost(RemoteGpuException failure, int consecutiveFailures) {
    each("connectionLost", l -> l.connectionLost(failure, consecutiveFailures));
  }

  @Override
  public void machineStopped(Machine machine) {
    each("machineStopped", l -> l.machineStopped(machine));
  }

  @Override
  public void machineStarting(Machine machine) {
    each("machineStarting", l -> l.machineStarting(machine));
  }

  @Override
  public void machineReady(Machine machine) {
    each("machineReady", l -> l.machineReady(machine));
  }

  @Override
  public void vanishDiagnosed(DetachedJob job, List<Finding> findings) {
    each("vanishDiagnosed", l -> l.vanishDiagnosed(job, findings));
  }

  @Override
  public void jobEnded(DetachedJob job, JobStatus status) {
    each("jobEnded", l -> l.jobEnded(job, status));
  }

  @Override
  public void gaveUp(String reason) {
    each("gaveUp", l -> l.gaveUp(reason));
  }

  @Override
  public void started(String checkpointId, long files, long bytes) {
    each("started", l -> l.started(checkpointId, files, bytes));
  }

  @Override
  public void fileStarted(String path, long offset, long bytes) {
    each("fileStarted", l -> l.fileStarted(path, offset, bytes));
  }

  @Override
  public void progress(SyncProgress progress) {
    each("progress", l -> l.progress(progress));
  }

  @Override
  public void fileSkipped(String path, long bytes) {
    each("fileSkipped", l -> l.fileSkipped(path, bytes));
  }

  @Override
  public void fileFinished(String path, long bytes) {
    each("fileFinished", l -> l.fileFinished(path, bytes));
  }

  @Override
  public void finished(SyncResult result) {
    each("finished", l -> l.finished(result));
  }
}
