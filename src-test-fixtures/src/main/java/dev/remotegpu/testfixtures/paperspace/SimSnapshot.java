package dev.remotegpu.testfixtures.paperspace;

import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot in the simulated account. Snapshots of a machine are deleted with it; a snapshot whose machine is
 * not in the account (seeded without one) stays and keeps billing.
 *
 * @param id the snapshot id
 * @param name its name
 * @param machineId the machine it was taken from, when that machine is in the account
 * @param sizeGb the size the meter bills
 */
public record SimSnapshot(String id, String name, Optional<String> machineId, long sizeGb) {

  public SimSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(machineId, "machineId");
  }
}
