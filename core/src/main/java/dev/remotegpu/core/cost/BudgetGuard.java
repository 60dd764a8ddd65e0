package dev.remotegpu.core.cost;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.platform.BilledHistory;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.teardown.AuditItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A budget for one machine's run that stops the meter in time. At each {@link #check}, when what the machine has
 * cost plus what it would cost until the next checkpoint would pass the budget, the guard stops the machine (a
 * reversible step: no Iron Law needed, the disk and its checkpoints stay) and says why and what still bills.
 * Usable alone, or through {@code RemoteRun.Builder.budget(...)}, which checks at every poll of the job.
 *
 * <p>Built with the rates you expect (the machine type's price), so that a budget that cannot pay for even one
 * checkpoint interval is refused before anything is rented; at run time the machine's own rates and state
 * history (from {@link Platform#billedHistory}) are used.
 */
public final class BudgetGuard {

  private final Money budget;
  private final Duration checkpointInterval;
  private final Rate compute;
  private final Rate storage;

  private BudgetGuard(Money budget, Duration checkpointInterval, Rate compute, Rate storage) {
    this.budget = budget;
    this.checkpointInterval = checkpointInterval;
    this.compute = compute;
    this.storage = storage;
  }

  /**
   * A guard for {@code budget}, with checkpoints every {@code checkpointInterval}, for a machine expected to cost
   * {@code compute} per hour running and {@code storage} for its disk.
   *
   * @throws ValidationException when the budget is below the cost of one checkpoint interval (billed by whole
   *     hours), with the numbers, or a rate is zero (the guard charges its rates where the platform gives none)
   */
  public static BudgetGuard of(Money budget, Duration checkpointInterval, Rate compute, Rate storage) {
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpointInterval must be positive: " + checkpointInterval);
    }
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(storage, "storage");
    requirePriced(compute, "compute", "its compute bills while it runs");
    requirePriced(storage, "storage", "its disk bills while it exists, running or off");
    long hours = billedHours(checkpointInterval);
    Money oneInterval = SpendMeter.forecast(compute, storage, Instant.EPOCH, hours);
    if (budget.compareTo(oneInterval) < 0) {
      throw new ValidationException("the budget cannot pay for one checkpoint interval", List.of(
          new ValidationException.Issue("budget", "budget " + budget.toDisplayString() + " is below "
              + oneInterval.toDisplayString() + ", the cost of one checkpoint interval of " + checkpointInterval
              + " (" + hours + " billed hour(s) at " + compute.perHour().toDisplayString() + "/h compute + "
              + storage.perHour() + "/h disk): the run would be stopped before its first checkpoint;"
              + " raise the budget or checkpoint more often")));
    }
    return new BudgetGuard(budget, checkpointInterval, compute, storage);
  }

  private static void requirePriced(Rate rate, String field, String why) {
    if (rate.perHour().isZero()) {
      throw new ValidationException("the guard needs the rates it charges", List.of(new ValidationException.Issue(
          field, "the " + field + " rate is zero, but a rented machine is not free: " + why + ", and the guard "
              + "charges this rate where the platform gives none; give the machine type's price")));
    }
  }

  /** The budget. */
  public Money budget() {
    return budget;
  }

  /** The time between checkpoints: the guard never lets the run start an interval it cannot pay for. */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /**
   * The estimate before launch, from the expected rates: what running {@code window} (the auto-shutdown window)
   * from {@code start} costs, billed by whole clock hours, and how it compares with the budget.
   */
  public String forecast(Instant start, Duration window) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(window, "window");
    Money cost = SpendMeter.forecast(compute, storage, start, billedHours(window));
    return "estimated before launch: " + cost.toDisplayString() + " if it runs the whole " + window.toHours()
        + " h auto-shutdown window (" + compute.perHour().toDisplayString() + "/h compute + disk), budget "
        + budget.toDisplayString() + (cost.compareTo(budget) > 0 ? ": the guard will stop it before the window ends"
            : "") + " (estimate from the expected rates, not a quote)";
  }

  /**
   * Decides on a machine's billed history at {@code now}, without acting. A part the platform left unpriced
   * ({@link BilledHistory#unpriced()}) is charged at this guard's rate for it, never at nothing, and the reason
   * says so.
   */
  public BudgetDecision decide(BilledHistory history, Instant now) {
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(now, "now");
    String filled = history.unpriced().isEmpty() ? "" : " (" + history.unpriced().stream().sorted()
        .map(p -> p == BilledHistory.Part.COMPUTE ? "compute at " + compute.perHour().toDisplayString() + "/h"
            : "disk at " + storage.perHour().toDisplayString() + "/h")
        .collect(java.util.stream.Collectors.joining(" and ")) + ", the guard's rate: the platform gave none)";
    history = history.pricedWith(compute, storage);
    now = SpendMeter.notBeforeHistory(history, now);
    Money committed = SpendMeter.spentBy(history.stoppedAt(now), endOfHour(now));
    if (!history.runningNow()) {
      return new BudgetDecision(history.machineId(), now, budget, committed, committed, false, List.of(),
          "machine " + history.machineId() + " is not running: " + committed.toDisplayString() + " of the "
              + budget.toDisplayString() + " budget spent" + filled);
    }
    Instant next = now.plus(checkpointInterval);
    Money atNext = SpendMeter.spentBy(history.stoppedAt(next), endOfHour(next));
    boolean stop = atNext.compareTo(budget) > 0;
    String reason = stop
        ? "budget " + budget.toDisplayString() + " would be passed: machine " + history.machineId() + " has cost "
            + committed.toDisplayString() + " (the hour in progress included) and running to the next checkpoint"
            + " at " + next + " would bring it to " + atNext.toDisplayString() + "; stopping it (reversible)" + filled
        : "within budget: " + committed.toDisplayString() + " spent, " + atNext.toDisplayString()
            + " at the next checkpoint, budget " + budget.toDisplayString() + filled;
    return new BudgetDecision(history.machineId(), now, budget, committed, atNext, stop, List.of(), reason);
  }

  /**
   * Checks {@code machine} on {@code platform} now and, when the budget would be passed, stops it, waits up to
   * {@code stopTimeout} for OFF, and lists what still bills (from a fresh audit). Empty when the platform keeps
   * no billed history for the machine.
   */
  public Optional<BudgetDecision> check(Platform platform, Machine machine, Clock clock, Duration stopTimeout) {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    Optional<BilledHistory> history = platform.billedHistory(machine.id());
    if (history.isEmpty()) {
      return Optional.empty();
    }
    BudgetDecision decision = decide(history.get(), clock.instant());
    if (!decision.stop()) {
      return Optional.of(decision);
    }
    Machine current = machine.refresh();
    if (current.state() != MachineState.OFF && current.state() != MachineState.STOPPING) {
      current = current.stop();
    }
    current.awaitState(MachineState.OFF, stopTimeout);
    List<String> still = platform.audit().items().stream()
        .filter(AuditItem::bills)
        .filter(i -> i.id().equals(machine.id()) || i.billable().machineId().filter(machine.id()::equals).isPresent())
        .map(i -> i.billable().kind() + " " + i.id() + " " + (i.priceKnown() ? i.perMonth().toDisplayString()
            + "/month" : "price unknown") + i.gotchaId().map(g -> " (" + g + ")").orElse(""))
        .toList();
    return Optional.of(decision.withStillBilling(still));
  }

  private static Instant endOfHour(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
  }

  /** Hourly billing charges a started hour whole: an interval costs at least its length rounded up to hours. */
  private static long billedHours(Duration interval) {
    return SpendMeter.billedHours(interval);
  }

  @Override
  public String toString() {
    return "BudgetGuard(" + budget.toDisplayString() + ", checkpoint every " + checkpointInterval + ")";
  }
}
