package dev.remotegpu.core.retry;

import java.time.Duration;

/**
 * Pauses the calling thread for a duration: the real {@link Thread#sleep} in production, a simulated clock's
 * advance in tests, so every wait of the SDK can be played without waiting.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Pauses for {@code duration}; a zero or negative duration returns at once.
   *
   * @throws InterruptedException when the thread is interrupted while paused
   */
  void sleep(Duration duration) throws InterruptedException;

  /** The JVM's own {@link Thread#sleep}. */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }
}
