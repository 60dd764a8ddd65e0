package dev.remotegpu.core.retry;

import java.time.Duration;

/** Told before each wait of a {@link BackoffPolicy#retry}: what failed, and how long the retry will wait. */
@FunctionalInterface
public interface RetryListener {

  /** A listener that does nothing. */
  RetryListener NONE = (what, attempt, wait, failure) -> { };

  /**
   * Attempt {@code attempt} (from 1) of {@code what} failed with {@code failure}; the next starts after
   * {@code wait}. Called on the retrying thread; an exception thrown here is logged and ignored.
   */
  void retrying(String what, int attempt, Duration wait, RuntimeException failure);
}
