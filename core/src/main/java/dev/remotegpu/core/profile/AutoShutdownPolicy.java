package dev.remotegpu.core.profile;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The auto-shutdown clock of one product: the timer that ends every run on it, whatever the job is doing.
 *
 * @param product the product it applies to
 * @param defaultWindow the window when the user sets none, when documented
 * @param minWindow the shortest window that can be set, when documented
 * @param maxWindow the longest window that can be set
 * @param hardCap whether the maximum cannot be raised at all (for example a free tier)
 * @param wallClockNotIdle whether the clock runs on wall-clock time: an open SSH/tmux session or a busy
 *     job does not extend it
 * @param changeableViaApiAfterCreate whether the API or CLI can change it once the machine exists;
 *     false means set it at create time or in the console
 * @param note the platform's qualification and source
 */
public record AutoShutdownPolicy(
    Product product,
    Optional<Duration> defaultWindow,
    Optional<Duration> minWindow,
    Duration maxWindow,
    boolean hardCap,
    boolean wallClockNotIdle,
    boolean changeableViaApiAfterCreate,
    String note) {

  public AutoShutdownPolicy {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(defaultWindow, "defaultWindow");
    Objects.requireNonNull(minWindow, "minWindow");
    Objects.requireNonNull(maxWindow, "maxWindow");
    Objects.requireNonNull(note, "note");
    if (maxWindow.isNegative() || maxWindow.isZero()) {
      throw new IllegalArgumentException("maxWindow must be positive: " + maxWindow);
    }
  }

  /** Whether {@code window} can be configured under this policy. */
  public boolean allows(Duration window) {
    Objects.requireNonNull(window, "window");
    return window.compareTo(maxWindow) <= 0 && minWindow.map(min -> window.compareTo(min) >= 0).orElse(true);
  }

  /**
   * The window that ends a run: {@code configured} when set, else the default, else the hard cap when the
   * policy has one; empty when none of these is known.
   */
  public Optional<Duration> effectiveWindow(Optional<Duration> configured) {
    Objects.requireNonNull(configured, "configured");
    return configured.or(() -> defaultWindow).or(() -> hardCap ? Optional.of(maxWindow) : Optional.empty());
  }
}
