package dev.remotegpu.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Time passed since a start, read both from an injected clock and from the JVM's monotonic timer; a
 * budget is spent when either says so, so a simulated clock that jumps ahead ends a wait early and a
 * simulated clock that stands still never makes one endless.
 */
public final class Elapsed {
  private final Clock clock;
  private final Instant startClock;
  private final long startNanos;

  private Elapsed(Clock clock) {
    this.clock = clock;
    this.startClock = clock.instant();
    this.startNanos = System.nanoTime();
  }

  /** Starts measuring now. */
  public static Elapsed start(Clock clock) {
    return new Elapsed(Objects.requireNonNull(clock, "clock"));
  }

  /** The larger of the two elapsed times. */
  public Duration elapsed() {
    Duration byClock = Duration.between(startClock, clock.instant());
    Duration byTimer = Duration.ofNanos(System.nanoTime() - startNanos);
    return byClock.compareTo(byTimer) >= 0 ? byClock : byTimer;
  }

  /** What is left of {@code budget}, never negative. */
  public Duration remaining(Duration budget) {
    Duration left = budget.minus(elapsed());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Whether {@code budget} is spent. */
  public boolean exceeded(Duration budget) {
    return elapsed().compareTo(budget) >= 0;
  }
}
