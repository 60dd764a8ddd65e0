package dev.remotegpu.core.job;

import dev.remotegpu.core.profile.RunVanishedObservation;
import java.time.Duration;
import java.util.Optional;

/**
 * Collects what a machine shows after a job vanished ({@code dmesg}, {@code uptime}, {@code nvidia-smi}),
 * for a {@link dev.remotegpu.core.profile.Check} such as the profile's vanish diagnosis to judge.
 */
@FunctionalInterface
public interface VanishProbe {

  /** A probe that observes nothing (every output empty). */
  VanishProbe NONE = (window, runtime) -> new RunVanishedObservation("", "", "", window, runtime);

  /**
   * Runs the diagnostic commands on the machine now; a command that is missing or fails contributes an
   * empty output.
   */
  RunVanishedObservation observe(Optional<Duration> autoShutdownWindow, Optional<Duration> runtimeBeforeVanish);
}
