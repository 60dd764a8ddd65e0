package dev.remotegpu.core.cost;

import dev.remotegpu.core.Money;
import dev.remotegpu.core.teardown.AuditItem;
import java.util.List;
import java.util.Objects;

/**
 * The account's spend: each listed machine's compute and disk so far (from its state history), and what the rest
 * of the account (static IPs, snapshots, shared storage, disks of no listed machine) bills per month now, priced
 * by the audit's rules, an unknown price read as "at least ... + unknown", never as zero.
 *
 * @param machines each listed machine's spend so far and ahead
 * @param machinesSoFar the sum of the machines' spend so far
 * @param others the other billing items of the audit
 * @param othersPerMonth what the other items bill per month, the ones with a known price
 * @param othersUnknown whether some other item's price cannot be known, or a listed machine was left out of
 *     {@code machines} because its compute is unpriced (so the figures are lower bounds)
 * @param method how it is computed and what it leaves out
 */
public record AccountSpend(List<SpendEstimate> machines, Money machinesSoFar, List<AuditItem> others,
    Money othersPerMonth, boolean othersUnknown, String method) {

  public AccountSpend {
    machines = List.copyOf(Objects.requireNonNull(machines, "machines"));
    Objects.requireNonNull(machinesSoFar, "machinesSoFar");
    others = List.copyOf(Objects.requireNonNull(others, "others"));
    Objects.requireNonNull(othersPerMonth, "othersPerMonth");
    Objects.requireNonNull(method, "method");
  }

  /** One paragraph for reports. */
  public String summary() {
    String monthly = othersUnknown ? "at least " + othersPerMonth.toDisplayString() + " + unknown"
        : othersPerMonth.toDisplayString();
    return machines.size() + " machine(s): " + machinesSoFar.toDisplayString() + " so far (compute and disk); "
        + others.size() + " other billing item(s): " + monthly + " per month while they stay (" + method + ")";
  }
}
