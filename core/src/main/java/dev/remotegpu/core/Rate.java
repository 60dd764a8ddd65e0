package dev.remotegpu.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a resource costs while it exists: an hourly price and, for the non-GPU resources of some
 * platforms, a monthly maximum after which it stops charging for the rest of the billing cycle.
 *
 * @param perHour the price of one hour
 * @param monthlyCap the most it can charge in one billing month, when the platform caps it
 */
public record Rate(Money perHour, Optional<Money> monthlyCap) {

  /** Hours in the month used to turn hourly prices into monthly ones (730 = 8760 / 12). */
  public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

  /** A rate that costs nothing. */
  public static final Rate FREE = new Rate(Money.ZERO, Optional.empty());

  public Rate {
    Objects.requireNonNull(perHour, "perHour");
    Objects.requireNonNull(monthlyCap, "monthlyCap");
  }

  /** An hourly price with no monthly cap. */
  public static Rate hourly(Money perHour) {
    return new Rate(perHour, Optional.empty());
  }

  /** An hourly price capped per month. */
  public static Rate hourlyCapped(Money perHour, Money monthlyCap) {
    return new Rate(perHour, Optional.of(monthlyCap));
  }

  /**
   * A monthly price (for example per-GB storage), spread evenly over {@link #HOURS_PER_MONTH} and capped at
   * that price, so that {@link #perMonth()} gives it back exactly. The hourly share is rounded up at 12
   * decimals; the cap absorbs the rounding.
   */
  public static Rate monthly(Money perMonth) {
    return new Rate(
        Money.usd(perMonth.amount().divide(HOURS_PER_MONTH, 12, RoundingMode.CEILING)),
        Optional.of(perMonth));
  }

  /** What this rate charges over a whole month, the cap applied. */
  public Money perMonth() {
    Money uncapped = perHour.times(HOURS_PER_MONTH);
    return monthlyCap.map(uncapped::min).orElse(uncapped);
  }

  /** What this rate charges over {@code hours} hours of one month, the cap applied. */
  public Money forHours(long hours) {
    if (hours < 0) {
      throw new IllegalArgumentException("hours must not be negative: " + hours);
    }
    Money uncapped = perHour.times(hours);
    return monthlyCap.map(uncapped::min).orElse(uncapped);
  }

  /** The sum of two rates; caps add when both have one, and vanish when either has none. */
  public Rate plus(Rate other) {
    Optional<Money> cap = monthlyCap.isPresent() && other.monthlyCap.isPresent()
        ? Optional.of(monthlyCap.get().plus(other.monthlyCap.get()))
        : Optional.empty();
    return new Rate(perHour.plus(other.perHour), cap);
  }
}
