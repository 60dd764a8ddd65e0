package dev.remotegpu.core.retry;

import dev.remotegpu.core.RateLimitException;
import dev.remotegpu.core.retry.internal.RetryLoop;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How the SDK retries one kind of call: the first wait, how each wait grows, its cap, the random spread, and
 * when to give up (a number of attempts and a deadline, whichever comes first). The waits come from
 * resilience4j's {@link IntervalFunction}; {@link #retry} runs a call under the policy on one {@link TimeSource}.
 * A {@link RateLimitException} that carries a Retry-After is never retried sooner than it asks.
 *
 * <pre>{@code
 * BackoffPolicy http = BackoffPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(10)).maxAttempts(4);
 * Machine m = http.retry(TimeSource.system(), "GET /machines/psabc", e -> e instanceof ServerException, get);
 * }</pre>
 *
 * @param initialInterval the wait after the first failure (at least 1 ms)
 * @param multiplier how much each wait grows over the one before, at least 1 (1 = a fixed interval)
 * @param maxInterval the longest wait, not shorter than {@code initialInterval}
 * @param jitter the random spread of each wait as a fraction in [0, 1): 0.5 means plus or minus 50%
 * @param maxAttempts how many times the call runs at most, the first included (at least 1)
 * @param deadline how long to keep trying in total from the first attempt; {@link Deadline#NONE} for no limit.
 *     At least one attempt runs even when it is zero, and no wait lasts past it.
 */
public record BackoffPolicy(Duration initialInterval, double multiplier, Duration maxInterval, double jitter,
    int maxAttempts, Duration deadline) {

  /** Checks every bound, naming the setting that is wrong. */
  public BackoffPolicy {
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(deadline, "deadline");
    if (initialInterval.toMillis() < 1) {
      throw new IllegalArgumentException("initialInterval must be at least 1 ms: " + initialInterval);
    }
    if (maxInterval.compareTo(initialInterval) < 0) {
      throw new IllegalArgumentException("maxInterval (" + maxInterval + ") must not be shorter than"
          + " initialInterval (" + initialInterval + ")");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must not be negative: " + deadline);
    }
  }

  /**
   * Waits starting at {@code initial}, doubling up to {@code max}, with 50% jitter, unlimited attempts and no
   * deadline: bound it with {@link #maxAttempts(int)} or {@link #deadline(Duration)}.
   */
  public static BackoffPolicy exponential(Duration initial, Duration max) {
    return new BackoffPolicy(initial, 2.0, max, 0.5, Integer.MAX_VALUE, Deadline.NONE);
  }

  /** The same wait every time, no jitter, unlimited attempts and no deadline. */
  public static BackoffPolicy fixed(Duration interval) {
    return new BackoffPolicy(interval, 1.0, interval, 0.0, Integer.MAX_VALUE, Deadline.NONE);
  }

  /**
   * The default of HTTP calls that are safe to repeat (429, 5xx, no answer): at most 4 sends, 500 ms doubling
   * to at most 10 s, 50% jitter, given up after 2 minutes (a Retry-After asking longer ends the call at once).
   */
  public static BackoffPolicy httpDefault() {
    return exponential(Duration.ofMillis(500), Duration.ofSeconds(10)).maxAttempts(4)
        .deadline(Duration.ofMinutes(2));
  }

  /**
   * The default of the launch's capacity retry: rounds over every candidate for up to 30 minutes, 2 s doubling
   * to at most 2 min between rounds, 50% jitter.
   */
  public static BackoffPolicy capacityDefault() {
    return exponential(Duration.ofSeconds(2), Duration.ofMinutes(2)).deadline(Duration.ofMinutes(30));
  }

  /** This policy with at most {@code attempts} runs of the call. */
  public BackoffPolicy maxAttempts(int attempts) {
    return new BackoffPolicy(initialInterval, multiplier, maxInterval, jitter, attempts, deadline);
  }

  /** This policy giving up {@code total} after the first attempt. */
  public BackoffPolicy deadline(Duration total) {
    return new BackoffPolicy(initialInterval, multiplier, maxInterval, jitter, maxAttempts, total);
  }

  /** This policy with the random spread {@code fraction} (0 for exact waits). */
  public BackoffPolicy jitter(double fraction) {
    return new BackoffPolicy(initialInterval, multiplier, maxInterval, fraction, maxAttempts, deadline);
  }

  /** This policy with waits growing by {@code factor}. */
  public BackoffPolicy multiplier(double factor) {
    return new BackoffPolicy(initialInterval, factor, maxInterval, jitter, maxAttempts, deadline);
  }

  /** This policy with waits from {@code initial} to at most {@code max}. */
  public BackoffPolicy intervals(Duration initial, Duration max) {
    return new BackoffPolicy(initial, multiplier, max, jitter, maxAttempts, deadline);
  }

  /** Whether the policy has a deadline (it is not {@link Deadline#NONE}). */
  public boolean hasDeadline() {
    return deadline.compareTo(Deadline.NONE) < 0;
  }

  /** The resilience4j interval function of these waits (attempt numbers count from 1). */
  IntervalFunction intervalFunction() {
    long initial = initialInterval.toMillis();
    long max = Math.max(initial, maxInterval.toMillis());
    if (jitter == 0.0) {
      return IntervalFunction.ofExponentialBackoff(initial, multiplier, max);
    }
    return IntervalFunction.ofExponentialRandomBackoff(initial, multiplier, jitter, max);
  }

  /** The wait after failed attempt {@code attempt} (counting from 1), before clipping to the deadline. */
  public Duration interval(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt counts from 1: " + attempt);
    }
    return Duration.ofMillis(intervalFunction().apply(attempt));
  }

  /**
   * Runs {@code call}, and after a failure that {@code retryable} accepts waits on {@code time} and runs it
   * again, until it returns, fails with what is not retryable, or the attempts or the deadline are spent.
   *
   * @param what the call, for the log and the give-up note (for example {@code "GET /machines/psabc"})
   * @return what the first successful run returned
   * @throws RuntimeException the last failure, unchanged in type; when the policy gave up on a retryable one it
   *     carries a suppressed exception saying after how many attempts, how long, and which limit ended it
   */
  public <T> T retry(TimeSource time, String what, Predicate<? super RuntimeException> retryable,
      Supplier<T> call) {
    return retry(time, what, retryable, RetryListener.NONE, call);
  }

  /** As {@link #retry(TimeSource, String, Predicate, Supplier)}, telling {@code listener} before each wait. */
  public <T> T retry(TimeSource time, String what, Predicate<? super RuntimeException> retryable,
      RetryListener listener, Supplier<T> call) {
    return RetryLoop.run(this, time, what, retryable, listener, call);
  }
}
