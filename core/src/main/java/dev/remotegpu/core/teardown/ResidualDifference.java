package dev.remotegpu.core.teardown;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * One way the re-audit after an execution differs from what the executed steps promised.
 *
 * @param kind how it differs
 * @param resourceKind the kind of the resource
 * @param resourceId its platform id (for a public IP, the address)
 * @param expectedPerMonth what the plan expected it to cost per month, when it expected it to bill
 * @param actualPerMonth what the re-audit says it costs per month, when it still bills
 * @param explanation what it means and what to do
 */
public record ResidualDifference(
    Kind kind,
    BillableKind resourceKind,
    String resourceId,
    Optional<Money> expectedPerMonth,
    Optional<Money> actualPerMonth,
    String explanation) {

  /** How the re-audit differs from the promise. */
  public enum Kind {
    /** An executed step should have ended it, yet it still bills. */
    STILL_BILLING,
    /** It bills now but was not in the audit the plan was made from. */
    NEW_BILLABLE,
    /** The plan expected it to keep billing, but it is gone or free. */
    NO_LONGER_BILLING,
    /** It bills, as expected, but at another monthly cost. */
    COST_CHANGED
  }

  public ResidualDifference {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(resourceKind, "resourceKind");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(expectedPerMonth, "expectedPerMonth");
    Objects.requireNonNull(actualPerMonth, "actualPerMonth");
    Objects.requireNonNull(explanation, "explanation");
  }

  @Override
  public String toString() {
    return kind + " " + resourceKind + " " + resourceId + ": " + explanation;
  }
}
