package dev.remotegpu.core;

import dev.remotegpu.core.cost.Rate;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource in the account that costs money while it stays, with what it costs now.
 *
 * @param kind what sort of resource it is
 * @param id the platform's id (for a public IP, the address)
 * @param name a human name, or the id when the resource has none
 * @param region where it lives
 * @param machineId the machine it belongs to or is attached to, if any
 * @param sizeGb its size in GB, for storage-like resources
 * @param state the platform's word for its state (for example "off" for a machine)
 * @param rate what it costs per hour while it stays in this state, with its monthly cap
 */
public record Billable(
    BillableKind kind,
    String id,
    String name,
    String region,
    Optional<String> machineId,
    Optional<Long> sizeGb,
    String state,
    Rate rate) {

  public Billable {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(sizeGb, "sizeGb");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(rate, "rate");
  }

  @Override
  public String toString() {
    return kind + " " + id + (name.equals(id) ? "" : " (" + name + ")") + " in " + region + ", " + state
        + ", " + rate.perHour() + "/h";
  }
}
