package dev.remotegpu.testfixtures.paperspace;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import java.util.Objects;

/**
 * What one resource has cost so far on the simulated meter.
 *
 * @param kind what is charged: {@code MACHINE} (compute), {@code BLOCK_STORAGE} (a machine's disk),
 *     {@code PUBLIC_IP} (a static IP), {@code SNAPSHOT} or {@code SHARED_STORAGE}
 * @param resourceId the machine id, IP address, snapshot id or drive id
 * @param accrued the exact sum charged since the simulator started, monthly caps applied
 */
public record Charge(BillableKind kind, String resourceId, Money accrued) {

  public Charge {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(accrued, "accrued");
  }
}
