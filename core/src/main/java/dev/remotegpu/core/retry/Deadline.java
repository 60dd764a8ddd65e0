package dev.remotegpu.core.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A time budget started at one moment, read both on a {@link TimeSource}'s clock and on the JVM's monotonic
 * timer: it is spent when either says so, so a simulated clock that a sleeper advances ends a wait in simulated
 * time and a clock that stands still never makes a wait endless.
 *
 * @param time the time source the budget is read on
 * @param budget how long the wait may last
 * @param startedAt the start on the time source's clock
 * @param startNanos the start on {@link System#nanoTime()}
 */
public record Deadline(TimeSource time, Duration budget, Instant startedAt, long startNanos) {

  /** A budget that never runs out (a retry bounded by attempts only). */
  public static final Duration NONE = Duration.ofSeconds(Long.MAX_VALUE / 4);

  /** Checks every part. */
  public Deadline {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(startedAt, "startedAt");
    if (budget.isNegative()) {
      throw new IllegalArgumentException("a deadline's budget must not be negative: " + budget);
    }
  }

  /** A budget of {@code budget} starting now on {@code time}. */
  public static Deadline start(TimeSource time, Duration budget) {
    return new Deadline(time, budget, time.now(), System.nanoTime());
  }

  /** The time passed since the start: the larger of the clock's and the JVM timer's reading. */
  public Duration elapsed() {
    Duration byClock = Duration.between(startedAt, time.now());
    Duration byTimer = Duration.ofNanos(System.nanoTime() - startNanos);
    return byClock.compareTo(byTimer) >= 0 ? byClock : byTimer;
  }

  /** What is left of the budget, never negative. */
  public Duration remaining() {
    Duration left = budget.minus(elapsed());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Whether the budget is spent. */
  public boolean passed() {
    return elapsed().compareTo(budget) >= 0;
  }

  /** Whether this deadline is {@link #NONE}: bounded by nothing but the caller's attempts. */
  public boolean unbounded() {
    return budget.compareTo(NONE) >= 0;
  }
}
