package dev.remotegpu.core.retry.internal;

import dev.remotegpu.core.RateLimitException;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.retry.BackoffPolicy;
import dev.remotegpu.core.retry.Deadline;
import dev.remotegpu.core.retry.RetryListener;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry loop of the SDK, behind {@link BackoffPolicy#retry}: run, and on a retryable failure wait the
 * policy's interval (at least what a Retry-After asked, never past the deadline) on the time source, then run
 * again; give up with the last failure when attempts or the deadline are spent.
 */
public final class RetryLoop {
  private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

  private RetryLoop() {
  }

  /** See {@link BackoffPolicy#retry(TimeSource, String, Predicate, RetryListener, Supplier)}. */
  public static <T> T run(BackoffPolicy policy, TimeSource time, String what,
      Predicate<? super RuntimeException> retryable, RetryListener listener, Supplier<T> call) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(retryable, "retryable");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(call, "call");
    Deadline deadline = time.deadline(policy.deadline());
    for (int attempt = 1; ; attempt++) {
      RuntimeException failure;
      try {
        return call.get();
      } catch (RuntimeException e) {
        failure = e;
      }
      if (!retryable.test(failure)) {
        throw failure;
      }
      if (attempt >= policy.maxAttempts()) {
        throw gaveUp(failure, what, attempt, deadline, "its " + policy.maxAttempts() + " attempt(s) are spent");
      }
      if (deadline.passed()) {
        throw gaveUp(failure, what, attempt, deadline, "its deadline of " + policy.deadline() + " passed");
      }
      Duration wait = policy.interval(attempt);
      Optional<Duration> asked = failure instanceof RateLimitException r ? r.retryAfter() : Optional.empty();
      if (asked.isPresent() && asked.get().compareTo(wait) > 0) {
        wait = asked.get();
        if (!deadline.unbounded() && wait.compareTo(deadline.remaining()) > 0) {
          throw gaveUp(failure, what, attempt, deadline, "the platform asked to retry after " + asked.get()
              + " (Retry-After), past what is left of its deadline of " + policy.deadline() + " ("
              + deadline.remaining() + ")");
        }
      } else if (!deadline.unbounded()) {
        Duration left = deadline.remaining();
        wait = wait.compareTo(left) > 0 ? left : wait;
      }
      notify(listener, what, attempt, wait, failure);
      try {
        time.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        RemoteGpuException interrupted = new RemoteGpuException("interrupted while waiting " + wait + " to retry "
            + what + " (attempt " + attempt + " failed: " + failure.getMessage() + "); it was not retried", e);
        interrupted.addSuppressed(failure);
        throw interrupted;
      }
    }
  }

  private static RuntimeException gaveUp(RuntimeException failure, String what, int attempts, Deadline deadline,
      String why) {
    failure.addSuppressed(new GaveUp("gave up retrying " + what + " after " + attempts + " attempt(s) in "
        + deadline.elapsed() + ": " + why));
    return failure;
  }

  private static void notify(RetryListener listener, String what, int attempt, Duration wait,
      RuntimeException failure) {
    try {
      listener.retrying(what, attempt, wait, failure);
    } catch (RuntimeException e) {
      LOG.warn("a retry listener threw; ignored", e);
    }
  }

  /** The note a give-up adds to the last failure, as a suppressed exception (no stack trace of its own). */
  static final class GaveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GaveUp(String message) {
      super(message, null, false, false);
    }
  }
}
