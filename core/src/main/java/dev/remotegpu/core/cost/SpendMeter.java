package dev.remotegpu.core.cost;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.platform.BilledHistory;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.teardown.AuditItem;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Spend so far and spend ahead of one machine, computed from its {@link BilledHistory} the way an hourly meter
 * charges: by clock hour (UTC). Each hour from the machine's creation hour charges its block storage; each hour
 * in which the machine was in a compute-billed state at any moment (the instant its stop ended included) also
 * charges compute; an hour is charged when it ends, and the hour in progress when the machine is deleted; each
 * rate's monthly cap applies per calendar month. This is an estimate from the state history and the rates the
 * platform reports, not an invoice: the platform's own rounding, credits and taxes are not known here.
 */
public final class SpendMeter {

  /** How the figures are computed, in one sentence, for reports. */
  public static final String METHOD = "estimate, not an invoice: per UTC clock hour, the disk every hour since"
      + " creation and compute every hour the machine ran at any moment, monthly caps applied";

  private SpendMeter() {}

  /**
   * What the machine has cost by {@code at}, and what it will cost until its auto-shutdown and per extra hour.
   *
   * @param history the machine's billed history up to {@code at}
   * @param at the instant of the estimate
   * @param autoShutdownAt when the auto-shutdown fires, if the machine runs and has one
   */
  public static SpendEstimate estimate(BilledHistory history, Instant at, Optional<Instant> autoShutdownAt) {
    Objects.requireNonNull(history, "history");
    if (history.unpriced().contains(BilledHistory.Part.COMPUTE)) {
      throw new IllegalArgumentException("the compute of machine " + history.machineId() + " is unpriced (the "
          + "platform gave no rate): an estimate would count its running hours at nothing; price it with "
          + "history.pricedWith(compute, storage) first");
    }
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(autoShutdownAt, "autoShutdownAt");
    Charged soFar = charged(history, notBeforeHistory(history, at));
    Optional<Instant> fires = autoShutdownAt.filter(t -> history.runningNow());
    Money ahead = Money.ZERO;
    if (fires.isPresent()) {
      Instant stop = fires.get().isBefore(at) ? at : fires.get();
      Charged projected = charged(history.stoppedAt(stop), endOfHour(stop));
      ahead = projected.total().minus(soFar.total());
    }
    Money perExtraHour = history.compute().perHour().plus(history.storage().perHour());
    return new SpendEstimate(history.machineId(), at, soFar.total(), soFar.compute(), soFar.storage(), fires, ahead,
        perExtraHour, METHOD);
  }

  /**
   * Spend so far and ahead of every machine the account lists now, each from its billed history (machines whose
   * history or compute price the platform cannot give are left out: {@link #account} marks its total unknown
   * then): the account's compute and disk spend, machine by machine. Static IPs, snapshots and machines already
   * deleted are not in it: {@link #account} adds what can be priced.
   */
  public static List<SpendEstimate> ofAccount(Platform platform, Instant at) {
    return ofAccount(platform, at, new java.util.HashSet<>());
  }

  /** As {@link #ofAccount(Platform, Instant)}; adds to {@code unpriced} each listed machine left out for its price. */
  private static List<SpendEstimate> ofAccount(Platform platform, Instant at, java.util.Set<String> unpriced) {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(at, "at");
    List<SpendEstimate> estimates = new ArrayList<>();
    for (Machine machine : platform.machines()) {
      Optional<BilledHistory> history = platform.billedHistory(machine.id());
      if (history.isPresent() && history.get().unpriced().contains(BilledHistory.Part.COMPUTE)) {
        unpriced.add(machine.id()); // its running hours cannot be priced: the account's total is unknown
        continue;
      }
      history.ifPresent(h -> estimates.add(estimate(h, at,
          h.runningSince().flatMap(since -> machine.autoShutdown().map(since::plus)))));
    }
    return List.copyOf(estimates);
  }

  /** What {@link #account} counts and what it leaves out, in one sentence, for reports. */
  public static final String ACCOUNT_METHOD = METHOD + "; static IPs, snapshots and other storage by the audit's"
      + " rules per month (a static IP at its monthly cap, a snapshot by its size, unknown when its size is), not"
      + " what they cost so far (the API gives them no creation time); machines already deleted are not counted"
      + " (the API no longer lists them)";

  /**
   * The account's spend at {@code at}: {@link #ofAccount} for the machines, and the audit's other billing items
   * (everything but the listed machines and their disks, and those too when the audit cannot price them) per
   * month, an unknown price kept as unknown. Excluded,
   * and said so in {@link #ACCOUNT_METHOD}: what those items cost so far, and machines already deleted.
   */
  public static AccountSpend account(Platform platform, Instant at) {
    java.util.Set<String> unpricedMachines = new java.util.HashSet<>();
    List<SpendEstimate> machines = ofAccount(platform, at, unpricedMachines);
    java.util.Set<String> listed = new java.util.HashSet<>();
    machines.forEach(m -> listed.add(m.machineId()));
    List<AuditItem> others = platform.audit().items().stream()
        .filter(AuditItem::bills)
        // a listed machine's compute and disk are in its history, unless the audit cannot price them: the history
        // then counts them at nothing, so the item stays here to keep the total marked unknown
        .filter(i -> !i.priceKnown() || !(i.billable().kind() == BillableKind.MACHINE && listed.contains(i.id())))
        .filter(i -> !i.priceKnown() || !(i.billable().kind() == BillableKind.BLOCK_STORAGE
            && i.billable().machineId().filter(listed::contains).isPresent()))
        .toList();
    return new AccountSpend(machines, machines.stream().map(SpendEstimate::soFar).reduce(Money.ZERO, Money::plus),
        others, others.stream().filter(AuditItem::priceKnown).map(AuditItem::perMonth).reduce(Money.ZERO, Money::plus),
        !unpricedMachines.isEmpty() || others.stream().anyMatch(i -> !i.priceKnown()), ACCOUNT_METHOD);
  }

  /** What the history charges for the hours that ended by {@code until} (and the deletion hour, if deleted). */
  public static Money spentBy(BilledHistory history, Instant until) {
    return charged(Objects.requireNonNull(history, "history"), Objects.requireNonNull(until, "until")).total();
  }

  /**
   * What running for {@code hours} more from {@code from} costs a machine with these rates, when it is created
   * then (an estimate before launch, from the machine type's rates): every clock hour the run touches charges
   * compute and disk, so {@code hours} from half past an hour charge {@code hours + 1} clock hours, as the meter
   * does.
   */
  public static Money forecast(Rate compute, Rate storage, Instant from, long hours) {
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(from, "from");
    if (hours < 0) {
      throw new IllegalArgumentException("hours must not be negative: " + hours);
    }
    if (hours == 0) {
      return Money.ZERO;
    }
    Instant last = from.plus(hours, ChronoUnit.HOURS).minusNanos(1);
    BilledHistory planned = new BilledHistory("planned", from, Optional.empty(),
        List.of(new BilledHistory.Interval(from, Optional.of(last))), compute, storage);
    return spentBy(planned, endOfHour(last));
  }

  /** Hourly billing charges a started hour whole: a window is billed as at least its length rounded up to hours. */
  static long billedHours(Duration window) {
    long seconds = window.getSeconds() + (window.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds / 3600 + (seconds % 3600 > 0 ? 1 : 0));
  }

  /**
   * The later of {@code at} and the last instant the history knows of: a local clock behind the platform's events
   * (skew, or time set back) must not hide hours the machine has already been charged for.
   */
  static Instant notBeforeHistory(BilledHistory history, Instant at) {
    Instant latest = history.created();
    for (BilledHistory.Interval interval : history.running()) {
      latest = max(latest, interval.to().orElse(interval.from()));
    }
    if (history.deleted().isPresent()) {
      latest = max(latest, history.deleted().get());
    }
    return max(latest, at);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant endOfHour(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
  }

  private record Charged(Money compute, Money storage) {
    Money total() {
      return compute.plus(storage);
    }
  }

  private static Charged charged(BilledHistory history, Instant until) {
    Instant first = history.created().truncatedTo(ChronoUnit.HOURS);
    Instant endExclusive = until.truncatedTo(ChronoUnit.HOURS);
    Optional<Instant> deleted = history.deleted().filter(d -> !d.isAfter(until));
    if (deleted.isPresent()) {
      endExclusive = endOfHour(deleted.get());
    }
    Capped compute = new Capped(history.compute());
    Capped storage = new Capped(history.storage());
    for (Instant hour = first; hour.isBefore(endExclusive); hour = hour.plus(1, ChronoUnit.HOURS)) {
      storage.charge(hour);
      if (ranDuring(history, hour)) {
        compute.charge(hour);
      }
    }
    return new Charged(compute.total, storage.total);
  }

  /** Whether a running interval touches the clock hour starting at {@code hour}, its end instant included. */
  private static boolean ranDuring(BilledHistory history, Instant hour) {
    Instant next = hour.plus(1, ChronoUnit.HOURS);
    for (BilledHistory.Interval interval : history.running()) {
      Optional<Instant> to = interval.to().or(history::deleted);
      if (interval.from().isBefore(next) && (to.isEmpty() || !to.get().isBefore(hour))) {
        return true;
      }
    }
    return false;
  }

  /** One rate charged hour by hour, its monthly cap applied per calendar month (UTC). */
  private static final class Capped {
    private final Rate rate;
    private Money total = Money.ZERO;
    private YearMonth month;
    private Money monthTotal = Money.ZERO;

    Capped(Rate rate) {
      this.rate = rate;
    }

    void charge(Instant hourStart) {
      YearMonth of = YearMonth.from(hourStart.atZone(ZoneOffset.UTC));
      if (!of.equals(month)) {
        month = of;
        monthTotal = Money.ZERO;
      }
      Money amount = rate.perHour();
      if (rate.monthlyCap().isPresent()) {
        Money cap = rate.monthlyCap().get();
        amount = amount.min(cap.compareTo(monthTotal) > 0 ? cap.minus(monthTotal) : Money.ZERO);
      }
      monthTotal = monthTotal.plus(amount);
      total = total.plus(amount);
    }
  }
}
