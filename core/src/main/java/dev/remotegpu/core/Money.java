package dev.remotegpu.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exact amount of US dollars, held as a {@link BigDecimal} so that sums of many small hourly charges
 * never drift the way doubles do.
 *
 * @param amount the amount in dollars; negative amounts are refused
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

  /** Zero dollars. */
  public static final Money ZERO = new Money(BigDecimal.ZERO);

  public Money {
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("amount must not be negative: " + amount.toPlainString());
    }
    amount = amount.stripTrailingZeros();
    if (amount.scale() < 0) {
      amount = amount.setScale(0);
    }
  }

  /** Parses dollars from a decimal string such as {@code "0.0045"}; names the bad input when it is not a number. */
  public static Money usd(String dollars) {
    Objects.requireNonNull(dollars, "dollars");
    try {
      return new Money(new BigDecimal(dollars.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a dollar amount: '" + dollars + "'", e);
    }
  }

  /** Dollars from an exact decimal. */
  public static Money usd(BigDecimal dollars) {
    return new Money(dollars);
  }

  public Money plus(Money other) {
    return new Money(amount.add(other.amount));
  }

  /** This amount less {@code other}; refuses a result below zero, naming both amounts. */
  public Money minus(Money other) {
    BigDecimal difference = amount.subtract(other.amount);
    if (difference.signum() < 0) {
      throw new IllegalArgumentException("cannot take " + other + " from " + this + ": money is never negative");
    }
    return new Money(difference);
  }

  /** This amount times a non-negative factor, exact. */
  public Money times(BigDecimal factor) {
    Objects.requireNonNull(factor, "factor");
    return new Money(amount.multiply(factor));
  }

  public Money times(long factor) {
    return times(BigDecimal.valueOf(factor));
  }

  /** The smaller of this and {@code cap}. */
  public Money min(Money cap) {
    return compareTo(cap) <= 0 ? this : cap;
  }

  public boolean isZero() {
    return amount.signum() == 0;
  }

  @Override
  public int compareTo(Money other) {
    return amount.compareTo(other.amount);
  }

  /** Cents, rounded half-up; for display. */
  public String toDisplayString() {
    return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  @Override
  public String toString() {
    return "$" + amount.toPlainString();
  }
}
