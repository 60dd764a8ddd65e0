package dev.remotegpu.core;

import java.util.Objects;

/**
 * One (machine type, region) pair to try when launching; a launch tries its candidates in order.
 *
 * @param machineType the machine type label, for example "A4000"
 * @param region the region, for example "ny2"
 */
public record LaunchCandidate(String machineType, String region) {
  public LaunchCandidate {
    Objects.requireNonNull(machineType, "machineType");
    Objects.requireNonNull(region, "region");
  }

  @Override
  public String toString() {
    return machineType + "@" + region;
  }
}
