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
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's SLF4J log on logger {@code dev.remotegpu.run}: verbs, attempts, decisions and outcomes at INFO;
 * lost connections, stops, diagnoses and refusals at WARN; each poll and file at DEBUG; byte progress at TRACE.
 */
public final class LoggingRunListener implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.remotegpu.run");

  @Override
  public void dangerClocks(List<DangerClock> clocks) {
    for (DangerClock clock : clocks) {
      LOG.info("danger clock {}{}: {}", clock.title(), clock.gotchaIds().isEmpty() ? "" : " " + clock.gotchaIds(),
          clock.warning());
    }
  }

  @Override
  public void phase(String verb, String detail) {
    LOG.info("{}: {}", verb, detail);
  }

  @Override
  public void machineUp(Machine machine) {
    LOG.info("machine {} is {} at {}", machine.id(), machine.state(), machine.publicIp().orElse("(no public IP)"));
  }

  @Override
  public void pushed(String remoteDir, int sent) {
    LOG.info("pushed {} changed file(s) to {}", sent, remoteDir);
  }

  @Override
  public void pulled(SyncResult result) {
    result.verified().ifPresentOrElse(
        v -> LOG.info("pulled {}: {} file(s) verified by load; PULL_VERIFIED.json written", result.checkpointId(),
            v.files()),
        () -> LOG.info("pulled {}: {} file(s), not verified", result.checkpointId(), result.filesTotal()));
  }

  @Override
  public void spendForecast(String estimate) {
    LOG.info("{}", estimate);
  }

  @Override
  public void spend(SpendEstimate estimate) {
    LOG.info("spend: {}", estimate.summary());
  }

  @Override
  public void budgetStopped(BudgetDecision decision) {
    LOG.warn("budget guard stopped the machine: {}", decision);
  }

  @Override
  public void planned(TeardownPlan plan) {
    LOG.info("teardown plan:\n{}", plan.render());
  }

  @Override
  public void executed(ExecutionReport report) {
    for (StepOutcome refused : report.withStatus(StepOutcome.Status.REFUSED)) {
      LOG.warn("teardown step refused: {}", refused);
    }
    LOG.info("teardown executed:\n{}", report.render());
  }

  @Override
  public void attemptStarted(int attempt, LaunchCandidate candidate) {
    LOG.info("launch attempt #{} on {}", attempt, candidate);
  }

  @Override
  public void attemptFailed(LaunchAttempt attempt) {
    LOG.info("launch attempt #{} on {} failed, trying on: {}", attempt.number(), attempt.candidate(),
        attempt.reason());
  }

  @Override
  public void backingOff(Duration wait, int nextRound) {
    LOG.info("no capacity on any candidate: waiting {} ms before round {}", wait.toMillis(), nextRound);
  }

  @Override
  public void adopted(String machineName, String machineId) {
    LOG.info("adopted machine {} ({}) that an unclear create had made: no second machine", machineId, machineName);
  }

  @Override
  public void launched(LaunchCandidate candidate, String machineName, String machineId) {
    LOG.info("launched machine {} ({}) on {}", machineId, machineName, candidate);
  }

  @Override
  public void jobStarted(DetachedJob job, int launch) {
    LOG.info("job {} started (launch {})", job.id(), launch);
  }

  @Override
  public void statusRead(DetachedJob job, JobStatus status) {
    LOG.debug("job {} is {}", job.id(), status);
  }

  @Override
  public void connectionLost(RemoteGpuException failure, int consecutiveFailures) {
    LOG.warn("connection to the machine lost ({} in a row): {}", consecutiveFailures, failure.getMessage());
  }

  @Override
  public void machineStopped(Machine machine) {
    LOG.warn("machine {} is {}", machine.id(), machine.state());
  }

  @Override
  public void machineStarting(Machine machine) {
    LOG.info("starting machine {} again", machine.id());
  }

  @Override
  public void machineReady(Machine machine) {
    LOG.info("machine {} is ready again", machine.id());
  }

  @Override
  public void vanishDiagnosed(DetachedJob job, List<Finding> findings) {
    if (findings.isEmpty()) {
      LOG.warn("job {} vanished; no known cause found", job.id());
    }
    for (Finding finding : findings) {
      LOG.warn("job {} vanished: {} {}: {} (fix: {})", job.id(), finding.severity(), finding.gotchaId(),
          finding.message(), finding.fix());
    }
  }

  @Override
  public void jobEnded(DetachedJob job, JobStatus status) {
    LOG.info("job {} ended: {}", job.id(), status);
  }

  @Override
  public void gaveUp(String reason) {
    LOG.warn("supervisor gave up: {}", reason);
  }

  @Override
  public void started(String checkpointId, long files, long bytes) {
    LOG.info("transfer of {}: {} file(s), {} bytes", checkpointId, files, bytes);
  }

  @Override
  public void fileStarted(String path, long offset, long bytes) {
    LOG.debug("file {} from byte {} of {}", path, offset, bytes);
  }

  @Override
  public void progress(SyncProgress progress) {
    LOG.trace("{}", progress);
  }

  @Override
  public void fileSkipped(String path, long bytes) {
    LOG.debug("file {} already there ({} bytes)", path, bytes);
  }

  @Override
  public void fileFinished(String path, long bytes) {
    LOG.debug("file {} arrived, SHA-256 matches ({} bytes)", path, bytes);
  }

  @Override
  public void finished(SyncResult result) {
    LOG.info("transfer of {} done: {} sent, {} unchanged, {} bytes in {} ms", result.checkpointId(),
        result.filesSent(), result.filesSkipped(), result.bytesSent(), result.elapsed().toMillis());
  }
}
