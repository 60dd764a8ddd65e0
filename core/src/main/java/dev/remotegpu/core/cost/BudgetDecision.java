package dev.remotegpu.core.cost;

import dev.remotegpu.core.Money;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link BudgetGuard} decided at one check, with the numbers behind it.
 *
 * @param machineId the machine checked
 * @param at when
 * @param budget the budget of the run
 * @param committed what the machine has cost if it stops now (the hour in progress included, since it is charged)
 * @param atNextCheckpoint what it will have cost if it runs on to the next checkpoint
 * @param stop whether the guard stops (stopped) the machine
 * @param stillBilling what keeps billing after the stop, in words (disk, static IP, snapshots), when stopped
 * @param reason the decision in one sentence with the figures
 */
public record BudgetDecision(String machineId, Instant at, Money budget, Money committed, Money atNextCheckpoint,
    boolean stop, List<String> stillBilling, String reason) {

  public BudgetDecision {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(committed, "committed");
    Objects.requireNonNull(atNextCheckpoint, "atNextCheckpoint");
    stillBilling = List.copyOf(Objects.requireNonNull(stillBilling, "stillBilling"));
    Objects.requireNonNull(reason, "reason");
  }

  /** This decision with what still bills after the stop. */
  public BudgetDecision withStillBilling(List<String> items) {
    return new BudgetDecision(machineId, at, budget, committed, atNextCheckpoint, stop, items, reason);
  }

  @Override
  public String toString() {
    return reason + (stillBilling.isEmpty() ? "" : "; still billing: " + String.join("; ", stillBilling));
  }
}
