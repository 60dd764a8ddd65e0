package dev.remotegpu.core.run.internal;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.checkpoint.SyncProgress;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.launch.LaunchAttempt;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.TeardownPlan;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders a {@link dev.remotegpu.core.run.RemoteRun}'s events on a console: the danger clocks, each launch
 * attempt and backoff, the job supervisor's events and diagnoses, and a progress bar with rate and ETA for
 * checkpoint transfers.
 */
public final class ConsoleRunListener implements RunListener {
  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final boolean interactive;
  private long lastBarNanos;
  private boolean barOpen;
  private Money lastSpend;

  /** Renders on {@code out}; the progress bar redraws in place only when a terminal is attached. */
  public ConsoleRunListener(PrintStream out) {
    this(out, System.console() != null);
  }

  /** Renders on {@code out}, redrawing the progress bar in place when {@code interactive}. */
  public ConsoleRunListener(PrintStream out, boolean interactive) {
    this.out = Objects.requireNonNull(out, "out");
    this.interactive = interactive;
  }

  @Override
  public void spendForecast(String estimate) {
    out.printf("   %s%n", estimate);
  }

  /** Prints spend events while watching, each time the amount spent so far has grown. */
  @Override
  public void spend(SpendEstimate estimate) {
    if (lastSpend != null && lastSpend.equals(estimate.soFar())) {
      return;
    }
    lastSpend = estimate.soFar();
    endBar();
    out.printf("   spend: %s%n", estimate.summary());
  }

  @Override
  public void budgetStopped(BudgetDecision decision) {
    endBar();
    out.printf("   BUDGET: %s%n", decision);
  }

  @Override
  public void phase(String verb, String detail) {
    endBar();
    out.printf("%n== %s: %s%n", verb, detail);
  }

  @Override
  public void dangerClocks(List<DangerClock> clocks) {
    out.println("   Danger clocks on this platform (read before renting):");
    for (DangerClock clock : clocks) {
      out.printf("   ! %s%s: %s%n", clock.title(),
          clock.gotchaIds().isEmpty() ? "" : " " + clock.gotchaIds(), clock.warning());
    }
  }

  @Override
  public void attemptStarted(int attempt, LaunchCandidate candidate) {
    out.printf("   launch attempt #%d: %s%n", attempt, candidate);
  }

  @Override
  public void attemptFailed(LaunchAttempt attempt) {
    out.printf("   attempt #%d on %s failed: %s%n", attempt.number(), attempt.candidate(), attempt.reason());
  }

  @Override
  public void backingOff(Duration wait, int nextRound) {
    out.printf("   no capacity anywhere yet: waiting %d ms before round %d%n", wait.toMillis(), nextRound);
  }

  @Override
  public void adopted(String machineName, String machineId) {
    out.printf("   adopted %s (%s): a machine an unclear create had made; no second machine%n", machineId,
        machineName);
  }

  @Override
  public void launched(LaunchCandidate candidate, String machineName, String machineId) {
    out.printf("   launched %s (%s) on %s%n", machineId, machineName, candidate);
  }

  @Override
  public void machineUp(Machine machine) {
    out.printf("   %s is %s at %s, auto-shutdown %s%n", machine.id(), machine.state(),
        machine.publicIp().orElse("(no public IP)"),
        machine.autoShutdown().map(d -> d.toHours() + " h").orElse("off"));
  }

  @Override
  public void pushed(String remoteDir, int sent) {
    out.printf("   %d file(s) sent to %s%n", sent, remoteDir);
  }

  @Override
  public void jobStarted(DetachedJob job, int launch) {
    out.printf("   job %s started (launch %d)%n", job.id(), launch);
  }

  @Override
  public void connectionLost(RemoteGpuException failure, int consecutiveFailures) {
    out.printf("   connection lost (%d in a row): %s%n", consecutiveFailures, failure.getMessage());
  }

  @Override
  public void machineStopped(Machine machine) {
    out.printf("   machine %s is %s%n", machine.id(), machine.state());
  }

  @Override
  public void machineStarting(Machine machine) {
    out.printf("   starting machine %s again%n", machine.id());
  }

  @Override
  public void machineReady(Machine machine) {
    out.printf("   machine %s is READY again at %s%n", machine.id(), machine.publicIp().orElse("(no IP)"));
  }

  @Override
  public void vanishDiagnosed(DetachedJob job, List<Finding> findings) {
    out.printf("   why did job %s vanish?%n", job.id());
    if (findings.isEmpty()) {
      out.println("     no known cause found");
    }
    for (Finding finding : findings) {
      out.printf("     %s %s: %s%n       fix: %s%n", finding.severity(), finding.gotchaId(), finding.message(),
          finding.fix());
    }
  }

  @Override
  public void jobEnded(DetachedJob job, JobStatus status) {
    out.printf("   job %s ended: %s%n", job.id(), status);
  }

  @Override
  public void gaveUp(String reason) {
    out.printf("   supervisor gave up: %s%n", reason);
  }

  @Override
  public void started(String checkpointId, long files, long bytes) {
    out.printf("   %s: %d file(s), %s%n", checkpointId, files, bytes(bytes));
  }

  @Override
  public void progress(SyncProgress p) {
    if (!interactive) {
      return;
    }
    long now = System.nanoTime();
    boolean done = p.bytesDone() >= p.bytesTotal();
    if (!done && now - lastBarNanos < 100_000_000L) {
      return;
    }
    lastBarNanos = now;
    double fraction = p.bytesTotal() == 0 ? 1 : (double) p.bytesDone() / p.bytesTotal();
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    String eta = p.bytesPerSecond() <= 0 ? "--"
        : Math.round((p.bytesTotal() - p.bytesDone()) / p.bytesPerSecond()) + "s";
    out.printf(Locale.ROOT, "\r   [%s%s] %3.0f%%  %d/%d files  %s/s  ETA %s   ", "#".repeat(filled),
        "-".repeat(BAR_WIDTH - filled), fraction * 100, p.filesDone(), p.filesTotal(),
        bytes((long) p.bytesPerSecond()), eta);
    barOpen = true;
  }

  @Override
  public void finished(SyncResult result) {
    endBar();
    out.printf("   %s: %d sent, %d unchanged, %s sent (%s resumed) in %d ms%n", result.checkpointId(),
        result.filesSent(), result.filesSkipped(), bytes(result.bytesSent()), bytes(result.bytesResumed()),
        result.elapsed().toMillis());
  }

  @Override
  public void pulled(SyncResult result) {
    result.verified().ifPresent(v -> out.printf(
        "   verified by load: %d file(s), %s; PULL_VERIFIED.json written (manifest sha256 %s...)%n",
        v.files(), bytes(v.bytes()), v.manifestSha256().substring(0, 12)));
  }

  @Override
  public void planned(TeardownPlan plan) {
    out.println(indent(plan.render()));
  }

  @Override
  public void executed(ExecutionReport report) {
    out.println(indent(report.render()));
  }

  private void endBar() {
    if (barOpen) {
      out.println();
      barOpen = false;
    }
  }

  /** Indents every line of a rendered table by three spaces. */
  public static String indent(String text) {
    return ("   " + text.stripTrailing()).replace("\n", "\n   ");
  }

  /** A byte count in B, KiB, MiB or GiB. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
