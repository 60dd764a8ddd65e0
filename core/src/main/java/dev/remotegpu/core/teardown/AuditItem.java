package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.Money;
import java.util.Objects;
import java.util.Optional;

/**
 * One billable resource of the audit: what it is, whose it is, what it costs while it stays, and which
 * platform gotcha explains why it bills.
 *
 * @param billable the resource as the platform reported it, with its rate
 * @param description what it is, in words (for example "static public IP 1.2.3.4 of machine psm1")
 * @param ownership whether the launch ledger makes it ours
 * @param ownershipReason why it is ours or unknown (for example "machine in the launch ledger, run r1")
 * @param runId the run it belongs to, when it is ours
 * @param perHour what it costs per hour while it stays in its current state (a lower bound when the price is
 *     unknown, see {@link #priceKnown()})
 * @param perMonth what it costs per month while it stays, the monthly cap applied, to the cent (a lower bound
 *     when the price is unknown)
 * @param gotchaId the platform gotcha that explains it (for example "GEN1"), when there is one
 */
public record AuditItem(
    Billable billable,
    String description,
    Ownership ownership,
    String ownershipReason,
    Optional<String> runId,
    Money perHour,
    Money perMonth,
    Optional<String> gotchaId) {

  public AuditItem {
    Objects.requireNonNull(billable, "billable");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(ownership, "ownership");
    Objects.requireNonNull(ownershipReason, "ownershipReason");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(perHour, "perHour");
    Objects.requireNonNull(perMonth, "perMonth");
    Objects.requireNonNull(gotchaId, "gotchaId");
  }

  /** The platform id of the resource (for a public IP, the address). */
  public String id() {
    return billable.id();
  }

  /** Whether the launch ledger makes this resource ours. */
  public boolean ours() {
    return ownership == Ownership.OURS;
  }

  /** Whether it costs anything while it stays; an item whose price is unknown counts as billing. */
  public boolean bills() {
    return !priceKnown() || !perHour.isZero() || !perMonth.isZero();
  }

  /** Whether its price is known; when not, {@link #perHour()} and {@link #perMonth()} are lower bounds. */
  public boolean priceKnown() {
    return billable.priceKnown();
  }

  /** The billing rule (seed fact id) its price comes from, for example {@code "snapshot"}, when named. */
  public Optional<String> billingRule() {
    return billable.billingRule();
  }
}
