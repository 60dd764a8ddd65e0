package dev.remotegpu.testfixtures.paperspace;

import dev.remotegpu.core.PublicIpType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A machine to put into the simulated account directly, as if made outside the SDK (console, CLI, a teammate).
 * Start from {@link #of(String, String, String)} and adjust with the {@code with...} methods.
 *
 * @param name its name
 * @param machineType a machine type label (case-insensitive)
 * @param region a region (short or long name, case-insensitive)
 * @param state the stable state it starts in: {@code ready} or {@code off}
 * @param diskSizeGb its disk in GB
 * @param publicIpType static, dynamic or none
 * @param autoShutdownTimeout the auto-shutdown window, if the timer is on
 * @param templateId the template it claims to come from
 */
public record MachineSeed(
    String name,
    String machineType,
    String region,
    String state,
    long diskSizeGb,
    PublicIpType publicIpType,
    Optional<Duration> autoShutdownTimeout,
    String templateId) {

  public MachineSeed {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(machineType, "machineType");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(publicIpType, "publicIpType");
    Objects.requireNonNull(autoShutdownTimeout, "autoShutdownTimeout");
    Objects.requireNonNull(templateId, "templateId");
    if (!state.equals("ready") && !state.equals("off")) {
      throw new IllegalArgumentException("a seeded machine starts 'ready' or 'off', not '" + state + "'");
    }
    if (diskSizeGb <= 0) {
      throw new IllegalArgumentException("diskSizeGb must be positive: " + diskSizeGb);
    }
  }

  /** A running machine with a 100 GB disk, a static IP, no auto-shutdown, on template {@code t0nspur5}. */
  public static MachineSeed of(String name, String machineType, String region) {
    return new MachineSeed(name, machineType, region, "ready", 100, PublicIpType.STATIC, Optional.empty(),
        "t0nspur5");
  }

  /** The same seed in another starting state ({@code ready} or {@code off}). */
  public MachineSeed withState(String newState) {
    return new MachineSeed(name, machineType, region, newState, diskSizeGb, publicIpType, autoShutdownTimeout,
        templateId);
  }

  /** The same seed with another disk size. */
  public MachineSeed withDiskSizeGb(long newDiskSizeGb) {
    return new MachineSeed(name, machineType, region, state, newDiskSizeGb, publicIpType, autoShutdownTimeout,
        templateId);
  }

  /** The same seed with another public IP type. */
  public MachineSeed withPublicIpType(PublicIpType newType) {
    return new MachineSeed(name, machineType, region, state, diskSizeGb, newType, autoShutdownTimeout,
        templateId);
  }

  /** The same seed with the auto-shutdown timer on, counting from its power-on. */
  public MachineSeed withAutoShutdown(Duration timeout) {
    return new MachineSeed(name, machineType, region, state, diskSizeGb, publicIpType,
        Optional.of(timeout), templateId);
  }
}
