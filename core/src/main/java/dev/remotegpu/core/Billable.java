package dev.remotegpu.core;

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
 * @param rate what it costs per hour while it stays in this state, with its monthly cap; when the price is
 *     unknown, the lower bound that can be proven (often nothing)
 * @param billingRule the id of the platform's billing rule (the seed fact) this price comes from, for example
 *     {@code "static-public-ip"}
 * @param unknownPrice why the price cannot be known, when it cannot (for example "size unknown"); such a
 *     billable still counts as billing and is never shown as $0.00
 */
public record Billable(
    BillableKind kind,
    String id,
    String name,
    String region,
    Optional<String> machineId,
    Optional<Long> sizeGb,
    String state,
    Rate rate,
    Optional<String> billingRule,
    Optional<String> unknownPrice) {

  public Billable {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(sizeGb, "sizeGb");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(billingRule, "billingRule");
    Objects.requireNonNull(unknownPrice, "unknownPrice");
  }

  /** A billable with a known price and no billing rule named. */
  public Billable(BillableKind kind, String id, String name, String region, Optional<String> machineId,
      Optional<Long> sizeGb, String state, Rate rate) {
    this(kind, id, name, region, machineId, sizeGb, state, rate, Optional.empty(), Optional.empty());
  }

  /** Whether its price is known; when not, {@link #rate()} is only a lower bound. */
  public boolean priceKnown() {
    return unknownPrice.isEmpty();
  }

  @Override
  public String toString() {
    return kind + " " + id + (name.equals(id) ? "" : " (" + name + ")") + " in " + region + ", " + state
        + ", " + (priceKnown() ? rate.perHour() + "/h" : "price unknown (" + unknownPrice.get() + ")");
  }
}
