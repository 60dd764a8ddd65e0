package dev.remotegpu.core.run;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.BudgetGuard;
import dev.remotegpu.core.cost.DeclaredRates;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.cost.SpendMeter;
import dev.remotegpu.core.platform.BilledHistory;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.PlatformProfile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The money side of a {@link RemoteRun}: spend so far and ahead from the platform's billed history, progress
 * events while the job is watched, and the budget guard's check before each poll of the job.
 */
final class RunSpend {

  /** How often a spend event is sent while watching when no budget asks for one at every poll. */
  private static final Duration SPEND_EVENT_EVERY = Duration.ofMinutes(10);

  private final Platform platform;
  private final Optional<BudgetGuard> guard;
  private final Optional<DeclaredRates> declared;
  private final RunListener listener;
  private final Clock clock;
  private final Duration stopTimeout;
  private Instant lastEvent;
  private BudgetDecision stopped;

  RunSpend(Platform platform, Optional<BudgetGuard> guard, Optional<DeclaredRates> declared, RunListener listener,
      Clock clock, Duration stopTimeout) {
    this.platform = Objects.requireNonNull(platform, "platform");
    this.guard = Objects.requireNonNull(guard, "guard");
    this.declared = Objects.requireNonNull(declared, "declared");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
  }

  /**
   * The estimate before launch for this auto-shutdown window: the budget guard's when the run has a budget, else
   * from the declared rates, else a line saying why there is none (no price is known before launch). On a platform
   * whose profile has no auto-shutdown the window ends nothing, so the line says the machine bills until stopped.
   */
  String forecast(Optional<Duration> autoShutdown) {
    PlatformProfile profile = platform.profile();
    if (autoShutdown.isEmpty() || !profile.hasAutoShutdown()) {
      Optional<String> gotcha = profile.gotchaIdFor(Hazard.AUTO_SHUTDOWN)
          .or(() -> profile.gotchaIdFor(BillableKind.MACHINE));
      return "no estimate before launch: no auto-shutdown on " + profile.platform() + ", so the machine bills"
          + " until someone stops it" + gotcha.map(g -> " (" + g + ")").orElse("");
    }
    Duration window = autoShutdown.get();
    return guard.map(g -> g.forecast(clock.instant(), window))
        .or(() -> declared.map(d -> d.forecast(clock.instant(), window)))
        .orElse("no estimate before launch: the platform gives machine types no price before launch; declare the"
            + " rate you expect with RemoteRun.Builder.declaredRates(...) or a budget (up to the " + window.toHours()
            + " h auto-shutdown window it runs unpriced)");
  }

  /**
   * Spend so far, until the auto-shutdown and per extra hour, when the platform keeps the machine's history and
   * prices its compute.
   */
  Optional<SpendEstimate> estimate(Machine machine) {
    Optional<BilledHistory> history = platform.billedHistory(machine.id())
        .filter(h -> !h.unpriced().contains(BilledHistory.Part.COMPUTE));
    return history.map(h -> SpendMeter.estimate(h, clock.instant(),
        h.runningSince().flatMap(since -> machine.autoShutdown().map(since::plus))));
  }

  /**
   * Called before each poll of the job: sends a spend event when one is due and, with a budget, stops the machine
   * when the next checkpoint interval would pass it; the reason then ends the supervision.
   */
  synchronized Optional<String> beforePoll(Machine machine) {
    Instant now = clock.instant();
    if (guard.isPresent() || lastEvent == null || !now.isBefore(lastEvent.plus(SPEND_EVENT_EVERY))) {
      lastEvent = now;
      estimate(machine).ifPresent(listener::spend);
    }
    if (guard.isEmpty()) {
      return Optional.empty();
    }
    Optional<BudgetDecision> decision = guard.get().check(platform, machine, clock, stopTimeout);
    if (decision.isEmpty() || !decision.get().stop()) {
      return Optional.empty();
    }
    stopped = decision.get();
    listener.budgetStopped(stopped);
    return Optional.of(stopped.toString());
  }

  /** The guard's stop, when it stopped the machine. */
  synchronized Optional<BudgetDecision> budgetStop() {
    return Optional.ofNullable(stopped);
  }
}
