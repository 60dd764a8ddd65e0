package dev.remotegpu.core.profile;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one kind of resource bills: when it charges, what stops it, and its price where documented.
 *
 * @param id a stable id, for example "static-public-ip"
 * @param resource a human name of the resource
 * @param kind the account billable kind it corresponds to, when there is one
 * @param billedWhileRunning whether it charges while its machine runs
 * @param billedWhileStopped whether it keeps charging after a stop (the trap)
 * @param survivesMachineDestroy whether it outlives a destroy of its machine and keeps charging
 * @param stoppedBy the action that ends its charge
 * @param hourly the hourly price with its monthly cap, when documented
 * @param perGbMonth the price per GB per month, when documented
 * @param monthlyCapApplies whether the platform's monthly maximum for non-GPU resources applies
 * @param examples documented worked figures
 * @param note what else the platform says about it
 */
public record BillingRule(
    String id,
    String resource,
    Optional<BillableKind> kind,
    boolean billedWhileRunning,
    boolean billedWhileStopped,
    boolean survivesMachineDestroy,
    String stoppedBy,
    Optional<Rate> hourly,
    Optional<Money> perGbMonth,
    boolean monthlyCapApplies,
    List<CostExample> examples,
    String note) {

  public BillingRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(stoppedBy, "stoppedBy");
    Objects.requireNonNull(hourly, "hourly");
    Objects.requireNonNull(perGbMonth, "perGbMonth");
    examples = List.copyOf(Objects.requireNonNull(examples, "examples"));
    Objects.requireNonNull(note, "note");
  }
}
