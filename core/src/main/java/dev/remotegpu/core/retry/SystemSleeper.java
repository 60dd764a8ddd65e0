package dev.remotegpu.core.retry;

import java.time.Duration;

/** {@link Sleeper#system()}: {@link Thread#sleep(long, int)}. */
enum SystemSleeper implements Sleeper {
  INSTANCE;

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    long millis = duration.toMillis();
    Thread.sleep(millis, (int) (duration.minusMillis(millis).toNanos()));
  }

  @Override
  public String toString() {
    return "Sleeper.system()";
  }
}
