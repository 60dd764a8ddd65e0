package dev.remotegpu.testfixtures.paperspace;

import java.util.Objects;

/**
 * A shared drive in the simulated account; it bills per GB until deleted.
 *
 * @param id the drive id
 * @param name its name
 * @param region the short region code
 * @param sizeGb its size in GB
 * @param networkId the private network it lives on
 */
public record SimSharedDrive(String id, String name, String region, long sizeGb, String networkId) {

  public SimSharedDrive {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(networkId, "networkId");
  }
}
