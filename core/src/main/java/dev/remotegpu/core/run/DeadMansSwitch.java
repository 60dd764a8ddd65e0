package dev.remotegpu.core.run;

import dev.remotegpu.core.profile.AutoShutdownPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The auto-shutdown window as a dead man's switch: the smallest window, in whole hours, that covers the planned
 * run, so that a host program that dies leaves a stopped machine (its disk and checkpoints kept) rather than a
 * running one. When the run is longer than the platform allows in one window, the supervisor restarts the machine
 * after each auto-shutdown, and the window then needs to cover only the next checkpoint.
 *
 * <p>The trade-off, with numbers at $0.76/h (an A4000): a host that dies 1 h into a 3 h run wastes at most
 * 3 h - 1 h = 2 h ($1.52) with a 3 h window, against 11 h ($8.36) with the 12 h default; the price of the
 * shorter window is a restart (a few minutes of boot and reload) each time it fires before the run is done.
 */
public final class DeadMansSwitch {

  private DeadMansSwitch() {}

  /**
   * The smallest window covering {@code plannedRun} (whole hours, at least the policy's minimum, at least 1 h);
   * when the run does not fit the policy's maximum window and a checkpoint interval is known, the smallest window
   * covering one checkpoint interval; else the maximum.
   */
  public static Duration window(Duration plannedRun, Optional<Duration> checkpointInterval,
      AutoShutdownPolicy policy) {
    Objects.requireNonNull(plannedRun, "plannedRun");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(policy, "policy");
    Duration run = wholeHours(plannedRun, policy);
    if (run.compareTo(policy.maxWindow()) <= 0) {
      return run;
    }
    return checkpointInterval.map(interval -> wholeHours(interval, policy))
        .filter(w -> w.compareTo(policy.maxWindow()) <= 0)
        .orElse(policy.maxWindow());
  }

  private static Duration wholeHours(Duration d, AutoShutdownPolicy policy) {
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    Duration hours = Duration.ofHours(Math.max(1, (seconds + 3599) / 3600));
    return policy.minWindow().filter(min -> min.compareTo(hours) > 0).orElse(hours);
  }
}
