package dev.remotegpu.core.platform;

import dev.remotegpu.core.Rate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a machine's bill is made of: when it was created (its disk bills from then), when it was deleted, the
 * intervals in which it was in a compute-billed state (from a start to the end of its stop), and its two rates.
 * A platform builds it from the machine's state history (for example its machine events).
 *
 * @param machineId the machine
 * @param created when it was created; its block storage bills from this hour
 * @param deleted when it was deleted, if it was
 * @param running the intervals in which compute billed, in time order; the last one may still be open
 * @param compute the compute rate while running ({@link Rate#FREE} when unpriced)
 * @param storage the block-storage rate while the machine exists, running or off ({@link Rate#FREE} when unpriced)
 * @param unpriced the parts whose rate the platform did not give: they count nothing here, so whoever knows a rate
 *     for them (a budget guard built with the expected rates) fills them in with {@link #pricedWith}
 */
public record BilledHistory(String machineId, Instant created, Optional<Instant> deleted, List<Interval> running,
    Rate compute, Rate storage, Set<Part> unpriced) {

  /** A part of a machine's bill. */
  public enum Part {
    /** Compute, billed while the machine runs. */
    COMPUTE,
    /** Block storage, billed while the machine exists. */
    STORAGE
  }

  public BilledHistory {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(deleted, "deleted");
    running = List.copyOf(Objects.requireNonNull(running, "running"));
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(storage, "storage");
    unpriced = Set.copyOf(Objects.requireNonNull(unpriced, "unpriced"));
    Instant last = created;
    for (Interval interval : running) {
      if (interval.from().isBefore(last)) {
        throw new IllegalArgumentException("running intervals of " + machineId
            + " must be in time order and start after the creation: " + running);
      }
      last = interval.to().orElse(interval.from());
    }
  }

  /** A history whose platform gave both rates. */
  public BilledHistory(String machineId, Instant created, Optional<Instant> deleted, List<Interval> running,
      Rate compute, Rate storage) {
    this(machineId, created, deleted, running, compute, storage, Set.of());
  }

  /**
   * This history with each {@linkplain #unpriced() unpriced} part at the given rate ({@code compute} or
   * {@code storage}) and priced from then on; the parts the platform priced keep their own rates. A part given a
   * zero rate stays unpriced: nothing is made to look priced and free.
   */
  public BilledHistory pricedWith(Rate compute, Rate storage) {
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(storage, "storage");
    if (unpriced.isEmpty()) {
      return this;
    }
    Set<Part> still = EnumSet.noneOf(Part.class);
    Rate c = fill(Part.COMPUTE, this.compute, compute, still);
    Rate s = fill(Part.STORAGE, this.storage, storage, still);
    return new BilledHistory(machineId, created, deleted, running, c, s, still);
  }

  private Rate fill(Part part, Rate own, Rate given, Set<Part> still) {
    if (!unpriced.contains(part)) {
      return own;
    }
    if (given.perHour().isZero()) {
      still.add(part);
      return own;
    }
    return given;
  }

  /** Whether the machine is in a compute-billed state at the end of this history. */
  public boolean runningNow() {
    return !running.isEmpty() && running.get(running.size() - 1).to().isEmpty() && deleted.isEmpty();
  }

  /** When the current running interval began, if the machine is running. */
  public Optional<Instant> runningSince() {
    return runningNow() ? Optional.of(running.get(running.size() - 1).from()) : Optional.empty();
  }

  /** This history with the current running interval closed at {@code at}: the machine stops then. */
  public BilledHistory stoppedAt(Instant at) {
    Objects.requireNonNull(at, "at");
    if (!runningNow()) {
      return this;
    }
    List<Interval> closed = new java.util.ArrayList<>(running);
    Interval open = closed.remove(closed.size() - 1);
    closed.add(new Interval(open.from(), Optional.of(at.isBefore(open.from()) ? open.from() : at)));
    return new BilledHistory(machineId, created, deleted, closed, compute, storage, unpriced);
  }

  /**
   * One interval of compute billing.
   *
   * @param from when the machine began to run (a create or a start)
   * @param to when it was off again (the end of its stop), empty while it still runs
   */
  public record Interval(Instant from, Optional<Instant> to) {

    public Interval {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.isPresent() && to.get().isBefore(from)) {
        throw new IllegalArgumentException("an interval cannot end (" + to.get() + ") before it starts (" + from
            + ")");
      }
    }
  }
}
