package dev.remotegpu.core.profile;

import dev.remotegpu.core.BillableKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A platform's billing model: the rules per resource and the facts that span them. Answers "what still
 * bills when stopped" and "what must be done to stop every meter".
 *
 * @param granularity how usage is metered, for example "per hour"
 * @param stopEffect what a stop does to the meters, in the platform's words
 * @param monthlyCapOnNonGpu whether non-GPU resources stop charging after a monthly maximum
 * @param monthlyCapNote the platform's wording of that cap
 * @param fullStopActions the separate actions that, together, stop every meter
 * @param irreversibleActions the billing-related actions that cannot be undone
 * @param reversibleActions the ones that can
 * @param rules one rule per resource kind
 * @param summary the one-line contrast to remember ("Stopped is not free")
 */
public record Billing(
    String granularity,
    String stopEffect,
    boolean monthlyCapOnNonGpu,
    String monthlyCapNote,
    List<String> fullStopActions,
    List<String> irreversibleActions,
    List<String> reversibleActions,
    List<BillingRule> rules,
    String summary) {

  public Billing {
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(stopEffect, "stopEffect");
    Objects.requireNonNull(monthlyCapNote, "monthlyCapNote");
    fullStopActions = List.copyOf(Objects.requireNonNull(fullStopActions, "fullStopActions"));
    irreversibleActions = List.copyOf(Objects.requireNonNull(irreversibleActions, "irreversibleActions"));
    reversibleActions = List.copyOf(Objects.requireNonNull(reversibleActions, "reversibleActions"));
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    Objects.requireNonNull(summary, "summary");
  }

  /** The rules of resources that keep charging after a stop (storage, public IPs, add-ons ...). */
  public List<BillingRule> stillBillsWhenStopped() {
    return rules.stream().filter(BillingRule::billedWhileStopped).toList();
  }

  /** The rules of resources that outlive a destroy of their machine and keep charging. */
  public List<BillingRule> stillBillsAfterMachineDestroy() {
    return rules.stream().filter(BillingRule::survivesMachineDestroy).toList();
  }

  /** The rule with this id, or an {@link IllegalArgumentException} listing the known ids. */
  public BillingRule rule(String id) {
    Objects.requireNonNull(id, "id");
    return rules.stream().filter(r -> r.id().equalsIgnoreCase(id.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown billing rule '" + id + "'; known: "
            + rules.stream().map(BillingRule::id).collect(Collectors.joining(", "))));
  }

  /** The rules that apply to one kind of account billable. */
  public List<BillingRule> rules(BillableKind kind) {
    Objects.requireNonNull(kind, "kind");
    return rules.stream().filter(r -> r.kind().equals(Optional.of(kind))).toList();
  }
}
