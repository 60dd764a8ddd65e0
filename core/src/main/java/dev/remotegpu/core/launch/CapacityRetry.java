package dev.remotegpu.core.launch;

import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.retry.BackoffPolicy;
import dev.remotegpu.core.retry.Deadline;
import dev.remotegpu.core.retry.RetryListener;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retry until capacity, on the SDK's one {@link BackoffPolicy} and {@link TimeSource}. One round tries every
 * candidate in order; when all of them fail with {@link CapacityUnavailableException}, it waits (exponential
 * backoff with jitter, capped) and starts the next round, until one succeeds or the deadline passes. Any other
 * exception ends the launch at once. When the deadline passes, {@link LaunchFailedException} lists every attempt.
 *
 * <pre>{@code
 * CapacityRetry retry = CapacityRetry.builder().deadline(Duration.ofMinutes(30)).listener(progress).build();
 * Machine m = retry.run(request.candidates(), (candidate, attempt) -> createOn(candidate));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; each {@link #run} call has its own budget.
 */
public final class CapacityRetry {
  private static final Logger LOG = LoggerFactory.getLogger(CapacityRetry.class);

  /** One try of one candidate. */
  @FunctionalInterface
  public interface CandidateAttempt<T> {
    /**
     * Tries {@code candidate}; {@code attempt} counts from 1 within the run.
     *
     * @throws CapacityUnavailableException when the candidate has no capacity now (retried)
     */
    T attempt(LaunchCandidate candidate, int attempt);
  }

  private final BackoffPolicy policy;
  private final TimeSource time;
  private final LaunchListener listener;

  private CapacityRetry(BackoffPolicy policy, TimeSource time, LaunchListener listener) {
    this.policy = policy;
    this.time = time;
    this.listener = listener;
  }

  /**
   * A builder with {@link BackoffPolicy#capacityDefault()}: a 30-minute deadline, 2 s first backoff doubling to
   * at most 2 min, and 50% jitter, on the system time source.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with the request's deadline and backoff range. */
  public static Builder forRequest(LaunchRequest request) {
    Objects.requireNonNull(request, "request");
    return builder().deadline(request.deadline()).initialBackoff(request.initialBackoff())
        .maxBackoff(request.maxBackoff());
  }

  /** The overall time budget of one run. */
  public Duration deadline() {
    return policy.deadline();
  }

  /** The backoff between rounds and the deadline. */
  public BackoffPolicy policy() {
    return policy;
  }

  /**
   * Tries the candidates in order, round after round, retrying capacity failures only.
   *
   * @return what the first successful attempt returned
   * @throws LaunchFailedException when the deadline passed with every attempt out of capacity
   * @throws RuntimeException any non-capacity failure of an attempt, unchanged
   */
  public <T> T run(List<LaunchCandidate> candidates, CandidateAttempt<T> attempt) {
    List<LaunchCandidate> order = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
    Objects.requireNonNull(attempt, "attempt");
    if (order.isEmpty()) {
      throw new IllegalArgumentException("candidates must name at least one machine type and region");
    }
    Deadline budget = time.deadline(policy.deadline());
    List<LaunchAttempt> attempts = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger counter = new AtomicInteger();
    AtomicInteger round = new AtomicInteger();
    AtomicReference<CapacityUnavailableException> last = new AtomicReference<>();
    RetryListener backingOff = (what, failedRound, wait, failure) -> listener.backingOff(wait, failedRound + 1);
    try {
      return policy.retry(time, "launch (rounds over " + order.size() + " candidate(s))",
          e -> e instanceof CapacityUnavailableException, backingOff, () -> {
            int thisRound = round.incrementAndGet();
            CapacityUnavailableException failure = null;
            for (LaunchCandidate candidate : order) {
              if (counter.get() > 0 && budget.passed()) {
                break;
              }
              int number = counter.incrementAndGet();
              notify(() -> listener.attemptStarted(number, candidate));
              try {
                return attempt.attempt(candidate, number);
              } catch (CapacityUnavailableException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LaunchAttempt record = new LaunchAttempt(number, candidate, reason, time.now());
                attempts.add(record);
                last.set(e);
                failure = e;
                LOG.info("launch attempt {} on {} (round {}) found no capacity: {}", number, candidate, thisRound,
                    reason);
                notify(() -> listener.attemptFailed(record));
              }
            }
            throw failure != null ? failure : new CapacityUnavailableException("deadline passed before round "
                + thisRound + " could try a candidate");
          });
    } catch (CapacityUnavailableException e) {
      throw new LaunchFailedException(policy.deadline(), List.copyOf(attempts), last.get() == null ? e : last.get());
    }
  }

  private static void notify(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      LOG.warn("a launch listener threw; ignored", e);
    }
  }

  /** Settings of a {@link CapacityRetry}; each setter checks its argument at once. */
  public static final class Builder {
    private Duration deadline;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private double multiplier;
    private double jitter;
    private int maxRounds;
    private TimeSource time = TimeSource.system();
    private LaunchListener listener = LaunchListener.NONE;

    private Builder() {
      policy(BackoffPolicy.capacityDefault());
    }

    /** The whole backoff between rounds and the deadline at once (its attempt limit counts rounds). */
    public Builder policy(BackoffPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      this.deadline = policy.deadline();
      this.initialBackoff = policy.initialInterval();
      this.maxBackoff = policy.maxInterval();
      this.multiplier = policy.multiplier();
      this.jitter = policy.jitter();
      this.maxRounds = policy.maxAttempts();
      return this;
    }

    /** How long to keep trying in total; at least one round runs even when it is zero. */
    public Builder deadline(Duration deadline) {
      this.deadline = nonNegative(deadline, "deadline");
      return this;
    }

    /** The wait after the first failed round (at least 1 ms is waited). */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = nonNegative(initialBackoff, "initialBackoff");
      return this;
    }

    /** The longest wait between rounds. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = nonNegative(maxBackoff, "maxBackoff");
      return this;
    }

    /** How much each wait grows over the previous one; at least 1. */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1.0)) {
        throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The random spread of each wait, as a fraction in [0, 1): 0.5 means plus or minus 50%. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter < 1.0)) {
        throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * The clock the deadline is measured on (the JVM's own timer also counts, whichever is further), with the
     * real {@link Thread#sleep} between rounds; {@link #timeSource(TimeSource)} sets the sleeper too.
     */
    public Builder clock(Clock clock) {
      this.time = TimeSource.of(Objects.requireNonNull(clock, "clock"));
      return this;
    }

    /** The clock and sleeper of the deadline and of the waits between rounds. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Receives progress events. */
    public Builder listener(LaunchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The configured retry. */
    public CapacityRetry build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
            + initialBackoff + ")");
      }
      Duration initial = initialBackoff.toMillis() < 1 ? Duration.ofMillis(1) : initialBackoff;
      Duration max = maxBackoff.compareTo(initial) < 0 ? initial : maxBackoff;
      return new CapacityRetry(new BackoffPolicy(initial, multiplier, max, jitter, maxRounds, deadline), time,
          listener);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + d);
      }
      return d;
    }
  }
}
