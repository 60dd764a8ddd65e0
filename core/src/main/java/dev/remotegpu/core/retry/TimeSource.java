package dev.remotegpu.core.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one time source of every wait in the SDK: the clock that deadlines and stamps are read on and the sleeper
 * that pauses between tries and polls. {@link #system()} in production; in tests a simulated clock with a
 * sleeper that advances it, so a wait of hours ends in milliseconds of real time.
 *
 * @param clock where "now" and deadlines are read
 * @param sleeper how a wait pauses
 */
public record TimeSource(Clock clock, Sleeper sleeper) {

  /** Checks both parts. */
  public TimeSource {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
  }

  /** The system UTC clock and {@link Thread#sleep}: what the SDK uses unless told otherwise. */
  public static TimeSource system() {
    return new TimeSource(Clock.systemUTC(), Sleeper.system());
  }

  /**
   * {@code clock} with the real {@link Thread#sleep}: a wait pauses for real and ends when either {@code clock}
   * or the JVM's timer says its deadline passed (what a caller that gives only a clock gets).
   */
  public static TimeSource of(Clock clock) {
    return new TimeSource(clock, Sleeper.system());
  }

  /** The current instant on {@link #clock()}. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * Pauses for {@code duration} with {@link #sleeper()}.
   *
   * @throws InterruptedException when the thread is interrupted while paused (callers restore the flag and
   *     say what was being waited for)
   */
  public void sleep(Duration duration) throws InterruptedException {
    sleeper.sleep(Objects.requireNonNull(duration, "duration"));
  }

  /** A deadline of {@code budget} starting now. */
  public Deadline deadline(Duration budget) {
    return Deadline.start(this, budget);
  }
}
