package dev.remotegpu.core.profile;

import dev.remotegpu.core.profile.internal.Uptime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What was seen on a machine after a run vanished, for the "why did the run vanish" diagnosis: OOM
 * kill, auto-shutdown, or a crash. An empty {@code uptime} or {@code nvidia-smi} output means the command was
 * not run. For {@code dmesg}, {@link #dmesgRan()} tells the two apart: the seed's own ladder
 * ({@code dmesg | grep -iE 'killed process|out of memory'}) prints nothing on a clean machine, so empty output
 * from it is "clean", not "not given" (build such an observation with {@link #fromLadder}).
 *
 * @param dmesgOutput output of {@code dmesg} (or {@code dmesg | grep -iE 'killed process|out of memory'})
 * @param uptimeOutput output of {@code uptime} (or {@code uptime -p})
 * @param nvidiaSmiOutput output of {@code nvidia-smi}
 * @param autoShutdownWindow the machine's auto-shutdown window, when known
 * @param runtimeBeforeVanish how long the run had been going when it was last seen alive, when known
 * @param dmesgRan whether dmesg was run, so that empty output means no kernel message matched
 */
public record RunVanishedObservation(
    String dmesgOutput,
    String uptimeOutput,
    String nvidiaSmiOutput,
    Optional<Duration> autoShutdownWindow,
    Optional<Duration> runtimeBeforeVanish,
    boolean dmesgRan) {

  public RunVanishedObservation {
    Objects.requireNonNull(dmesgOutput, "dmesgOutput");
    Objects.requireNonNull(uptimeOutput, "uptimeOutput");
    Objects.requireNonNull(nvidiaSmiOutput, "nvidiaSmiOutput");
    Objects.requireNonNull(autoShutdownWindow, "autoShutdownWindow");
    Objects.requireNonNull(runtimeBeforeVanish, "runtimeBeforeVanish");
    runtimeBeforeVanish.ifPresent(d -> requireNotNegative(d, "runtimeBeforeVanish"));
    autoShutdownWindow.ifPresent(d -> requireNotNegative(d, "autoShutdownWindow"));
    if (!dmesgRan && !dmesgOutput.isBlank()) {
      throw new IllegalArgumentException("dmesgOutput is given, so dmesgRan must be true");
    }
  }

  /** An observation where dmesg counts as run only when it printed something (empty output: not given). */
  public RunVanishedObservation(String dmesgOutput, String uptimeOutput, String nvidiaSmiOutput,
      Optional<Duration> autoShutdownWindow, Optional<Duration> runtimeBeforeVanish) {
    this(dmesgOutput, uptimeOutput, nvidiaSmiOutput, autoShutdownWindow, runtimeBeforeVanish,
        !Objects.requireNonNull(dmesgOutput, "dmesgOutput").isBlank());
  }

  /**
   * What the seed's ladder printed: {@code dmesg | grep -iE 'killed process|out of memory'} (empty when the
   * kernel killed nothing: clean), {@code uptime} and {@code nvidia-smi}.
   */
  public static RunVanishedObservation fromLadder(String dmesgGrepOutput, String uptimeOutput, String nvidiaSmiOutput,
      Optional<Duration> autoShutdownWindow, Optional<Duration> runtimeBeforeVanish) {
    return new RunVanishedObservation(dmesgGrepOutput, uptimeOutput, nvidiaSmiOutput, autoShutdownWindow,
        runtimeBeforeVanish, true);
  }

  /** An observation without the run's length. */
  public RunVanishedObservation(
      String dmesgOutput, String uptimeOutput, String nvidiaSmiOutput, Optional<Duration> autoShutdownWindow) {
    this(dmesgOutput, uptimeOutput, nvidiaSmiOutput, autoShutdownWindow, Optional.empty());
  }

  /**
   * The time since boot that {@link #uptimeOutput()} shows ({@code uptime} or {@code uptime -p}), so a check can
   * tell a reboot from a crash; empty when uptime was not run.
   *
   * @throws IllegalArgumentException quoting the output when it is not the output of uptime
   */
  public Optional<Duration> uptimeSinceBoot() {
    return uptimeOutput.isBlank() ? Optional.empty() : Optional.of(Uptime.parse(uptimeOutput));
  }

  private static void requireNotNegative(Duration duration, String name) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
  }
}
