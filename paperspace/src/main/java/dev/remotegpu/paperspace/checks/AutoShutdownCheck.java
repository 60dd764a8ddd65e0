package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.AutoShutdownPolicy;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import dev.remotegpu.paperspace.profile.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * PS2: compares a planned run with the product's auto-shutdown clock, which ends the run whatever the
 * job is doing (wall-clock, not idle; fixed after create on Core).
 */
public final class AutoShutdownCheck implements Check<PlannedRun> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public AutoShutdownCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s auto-shutdown policies. */
  public AutoShutdownCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS2";
  }

  @Override
  public List<Finding> check(PlannedRun run) {
    Objects.requireNonNull(run, "run");
    AutoShutdownPolicy policy = profile.autoShutdownPolicy(run.product());
    String fix = profile.gotcha("PS2").fix();
    List<Finding> findings = new ArrayList<>();
    Optional<Duration> configured = run.autoShutdownWindow();
    if (configured.isPresent() && !policy.allows(configured.get())) {
      findings.add(new Finding("PS2", Severity.WARNING,
          "An auto-shutdown window of " + Durations.human(configured.get()) + " cannot be set on a "
              + run.product().name() + " (allowed: " + allowed(policy) + ").",
          "autoShutdownWindow=" + configured.get() + ", product=" + run.product().id(),
          "Choose a window within " + allowed(policy) + "."));
      if (configured.get().compareTo(policy.maxWindow()) > 0) {
        configured = Optional.of(policy.maxWindow());
      }
    }
    Optional<Duration> window = policy.effectiveWindow(configured);
    if (window.isEmpty()) {
      findings.add(new Finding("PS2", Severity.WARNING,
          "No auto-shutdown window is known for this " + run.product().name() + ", yet the clock ends every run"
              + (policy.changeableViaApiAfterCreate() ? "" : "; the API cannot change it after create (console only)")
              + ".",
          "product=" + run.product().id() + ", autoShutdownWindow=not set",
          "Set the window deliberately at create time (" + allowed(policy) + "). " + fix));
      return findings;
    }
    Duration effective = window.get();
    String wallClock = policy.wallClockNotIdle()
        ? " The clock is wall-clock: an open SSH/tmux session does not extend it." : "";
    if (run.plannedLength().compareTo(effective) > 0) {
      boolean beyondMax = run.plannedLength().compareTo(policy.maxWindow()) > 0;
      String specific = beyondMax
          ? "No window on a " + run.product().name() + " is long enough (max " + Durations.human(policy.maxWindow())
              + (policy.hardCap() ? ", a hard cap" : "") + "): split the run into resumable chunks that checkpoint"
              + " before each window" + (policy.hardCap() ? ", or use a paid notebook or a Core machine" : "") + ". "
          : "Raise the window to at least " + Durations.human(run.plannedLength())
              + (policy.changeableViaApiAfterCreate() ? "" : " at create time or in the console (not via the API)")
              + ", or checkpoint and resume. ";
      findings.add(new Finding("PS2", Severity.CRITICAL,
          "The auto-shutdown will end this " + Durations.human(run.plannedLength()) + " run at "
              + Durations.human(effective) + "." + wallClock,
          "plannedLength=" + run.plannedLength() + ", effective window=" + effective
              + (run.autoShutdownWindow().isEmpty() ? " (product default)" : ""),
          specific + fix));
    }
    if (run.checkpointInterval().isPresent() && run.checkpointInterval().get().compareTo(effective) >= 0
        && run.plannedLength().compareTo(run.checkpointInterval().get()) >= 0) {
      findings.add(new Finding("PS2", Severity.CRITICAL,
          "No checkpoint lands before the auto-shutdown: the run checkpoints every "
              + Durations.human(run.checkpointInterval().get()) + " but the window is " + Durations.human(effective)
              + ".",
          "checkpointInterval=" + run.checkpointInterval().get() + ", effective window=" + effective,
          "Checkpoint more often than the window, with the last checkpoint landing before it. " + fix));
    }
    return findings;
  }

  private static String allowed(AutoShutdownPolicy policy) {
    return policy.minWindow().map(min -> Durations.human(min) + " to ").orElse("up to ")
        + Durations.human(policy.maxWindow()) + (policy.hardCap() ? " (hard cap)" : "");
  }
}
