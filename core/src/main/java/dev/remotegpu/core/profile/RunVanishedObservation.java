package dev.remotegpu.core.profile;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What was seen on a machine after a run vanished, for the "why did the run vanish" diagnosis: OOM
 * kill, auto-shutdown, or a crash. Empty strings mean the command was not run or printed nothing.
 *
 * @param dmesgOutput output of {@code dmesg} (or {@code dmesg | grep -iE 'killed process|out of memory'})
 * @param uptimeOutput output of {@code uptime} (or {@code uptime -p})
 * @param nvidiaSmiOutput output of {@code nvidia-smi}
 * @param autoShutdownWindow the machine's auto-shutdown window, when known
 * @param runtimeBeforeVanish how long the run had been going when it was last seen alive, when known
 */
public record RunVanishedObservation(
    String dmesgOutput,
    String uptimeOutput,
    String nvidiaSmiOutput,
    Optional<Duration> autoShutdownWindow,
    Optional<Duration> runtimeBeforeVanish) {

  public RunVanishedObservation {
    Objects.requireNonNull(dmesgOutput, "dmesgOutput");
    Objects.requireNonNull(uptimeOutput, "uptimeOutput");
    Objects.requireNonNull(nvidiaSmiOutput, "nvidiaSmiOutput");
    Objects.requireNonNull(autoShutdownWindow, "autoShutdownWindow");
    Objects.requireNonNull(runtimeBeforeVanish, "runtimeBeforeVanish");
    runtimeBeforeVanish.ifPresent(d -> requireNotNegative(d, "runtimeBeforeVanish"));
    autoShutdownWindow.ifPresent(d -> requireNotNegative(d, "autoShutdownWindow"));
  }

  /** An observation without the run's length. */
  public RunVanishedObservation(
      String dmesgOutput, String uptimeOutput, String nvidiaSmiOutput, Optional<Duration> autoShutdownWindow) {
    this(dmesgOutput, uptimeOutput, nvidiaSmiOutput, autoShutdownWindow, Optional.empty());
  }

  private static void requireNotNegative(Duration duration, String name) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
  }
}
