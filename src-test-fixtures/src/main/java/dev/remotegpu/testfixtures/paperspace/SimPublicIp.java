package dev.remotegpu.testfixtures.paperspace;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A claimed static public IP in the simulated account; it bills until released, assigned or not.
 *
 * @param ip the address, which is also its id
 * @param region the short region code
 * @param assignedMachineId the machine it is assigned to, if any
 * @param created when it was claimed
 */
public record SimPublicIp(String ip, String region, Optional<String> assignedMachineId, Instant created) {

  public SimPublicIp {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(assignedMachineId, "assignedMachineId");
    Objects.requireNonNull(created, "created");
  }
}
