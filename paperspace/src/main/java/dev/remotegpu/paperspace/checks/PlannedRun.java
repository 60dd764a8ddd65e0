package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Product;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A run about to start, for the PS2 auto-shutdown check.
 *
 * @param product what it runs on (free notebook, paid notebook, Core machine)
 * @param plannedLength how long the run needs, start to finish
 * @param autoShutdownWindow the auto-shutdown window set on the machine; empty means the product's default
 * @param checkpointInterval how often the run checkpoints, when it does
 */
public record PlannedRun(
    Product product, Duration plannedLength, Optional<Duration> autoShutdownWindow,
    Optional<Duration> checkpointInterval) {

  public PlannedRun {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(plannedLength, "plannedLength");
    Objects.requireNonNull(autoShutdownWindow, "autoShutdownWindow");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    if (plannedLength.isNegative() || plannedLength.isZero()) {
      throw new IllegalArgumentException("plannedLength must be positive: " + plannedLength);
    }
    autoShutdownWindow.ifPresent(w -> requirePositive(w, "autoShutdownWindow"));
    checkpointInterval.ifPresent(c -> requirePositive(c, "checkpointInterval"));
  }

  /** A run with no checkpoint cadence given. */
  public PlannedRun(Product product, Duration plannedLength, Optional<Duration> autoShutdownWindow) {
    this(product, plannedLength, autoShutdownWindow, Optional.empty());
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}
