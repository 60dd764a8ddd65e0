package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.teardown.internal.Auditor;
import dev.remotegpu.core.teardown.internal.TextTables;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A priced audit of what bills: each item says what it is, whether it is ours or unknown, its cost per hour and
 * per month while it stays, and the gotcha that explains it. The account audited before a teardown, what a plan
 * leaves billing ({@link TeardownPlan#residual()}) and the re-audit after it ({@link ExecutionReport}) are all
 * audits, so they are compared item by item as the same thing.
 *
 * @param items one item per billable, in the order the platform listed them
 */
public record Audit(List<AuditItem> items) {

  public Audit {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /**
   * Audits priced billables against the launch ledger.
   *
   * @param billables everything that bills, as {@code Platform.billables()} lists it
   * @param ledger the launch ledger that tells ours from unknown
   * @param gotchaIds the gotcha that explains each kind of billable (pass {@code profile::gotchaIdFor})
   */
  public static Audit of(List<Billable> billables, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds) {
    return new Audit(Auditor.audit(billables, ledger, gotchaIds));
  }

  /** The part of this audit that the launch ledger makes ours. */
  public Audit ours() {
    return filter(AuditItem::ours);
  }

  /** The part that is not ours: reported, never planned for deletion unless named by id. */
  public Audit unknown() {
    return filter(item -> !item.ours());
  }

  /** The part that still costs money (an item whose price is unknown counts: it may bill). */
  public Audit billing() {
    return filter(AuditItem::bills);
  }

  /** Whether the audit has no item at all. */
  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** The item of the resource with this platform id (for a public IP, the address), if the audit has one. */
  public Optional<AuditItem> item(String id) {
    Objects.requireNonNull(id, "id");
    return items.stream().filter(item -> item.id().equals(id)).findFirst();
  }

  /** What every item costs per hour while it stays. */
  public Money perHour() {
    return items.stream().map(AuditItem::perHour).reduce(Money.ZERO, Money::plus);
  }

  /** What every item costs per month while it stays, each item's monthly cap applied. */
  public Money perMonth() {
    return items.stream().map(AuditItem::perMonth).reduce(Money.ZERO, Money::plus);
  }

  /** Whether some item's price is unknown, so that the totals are only lower bounds. */
  public boolean hasUnknownPrices() {
    return items.stream().anyMatch(item -> !item.priceKnown());
  }

  /**
   * The monthly total in words: {@code "$42.00"}, or {@code "at least $42.00 + unknown"} when an item's price
   * cannot be known (an unknown price is never read as zero).
   */
  public String perMonthText() {
    return TextTables.atLeast(perMonth(), hasUnknownPrices());
  }

  /** A plain-text table of the items with their costs, ownership and gotchas, and the totals. */
  public String render() {
    return TextTables.audit("AUDIT: everything that bills", items, true);
  }

  @Override
  public String toString() {
    return render();
  }

  private Audit filter(Predicate<AuditItem> keep) {
    return new Audit(items.stream().filter(keep).toList());
  }
}
