package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Money;
import dev.remotegpu.core.teardown.internal.TextTables;
import java.util.List;
import java.util.Objects;

/**
 * What still bills after a teardown plan (or after the steps that ran), item by item, with the totals.
 *
 * @param items every audit item that still costs money, ours and unknown alike
 */
public record Residual(List<AuditItem> items) {

  public Residual {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /** What the residual costs per hour. */
  public Money perHour() {
    return items.stream().map(AuditItem::perHour).reduce(Money.ZERO, Money::plus);
  }

  /** What the residual costs per month, each item's monthly cap applied. */
  public Money perMonth() {
    return items.stream().map(AuditItem::perMonth).reduce(Money.ZERO, Money::plus);
  }

  /** The part of this residual that the launch ledger makes ours. */
  public Residual ours() {
    return new Residual(items.stream().filter(AuditItem::ours).toList());
  }

  /** Whether nothing bills any more. */
  public boolean isEmpty() {
    return items.isEmpty();
  }

  /** Whether some item's price is unknown, so that the monthly total is only a lower bound. */
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

  /** A plain-text table of what still bills and the monthly total. */
  public String render() {
    return TextTables.audit("STILL BILLING after the plan", items, true);
  }

  @Override
  public String toString() {
    return render();
  }
}
