package dev.remotegpu.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.platform.BilledHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Attacks on the spend meter and the budget guard: every one tries to make them count less than the meter. */
class SpendAttack2Test {
  private static final Rate COMPUTE = Rate.hourly(Money.usd("1.00"));
  private static final Rate DISK = Rate.hourly(Money.usd("0.10"));
  private static final Money ONE_HOUR = Money.usd("1.10");

  @Test
  void aForecastFromHalfPastTheHourCountsEveryClockHourTheWindowTouches() {
    Instant start = Instant.parse("2026-11-28T10:30:00Z");
    // The meter itself: created and started at 10:30, stopped at 11:30, charges the hours of 10:00 and 11:00.
    BilledHistory actual = new BilledHistory("m", start, Optional.empty(),
        List.of(new BilledHistory.Interval(start, Optional.of(start.plus(Duration.ofHours(1))))), COMPUTE, DISK);
    Money metered = SpendMeter.spentBy(actual, Instant.parse("2026-11-28T12:00:00Z"));
    assertThat(metered).isEqualTo(ONE_HOUR.times(2));

    assertThat(SpendMeter.forecast(COMPUTE, DISK, start, 1)).isGreaterThanOrEqualTo(metered);
    assertThat(new DeclaredRates(COMPUTE, DISK).forecast(start, Duration.ofHours(1))).contains("$2.20");
    BudgetGuard guard = BudgetGuard.of(Money.usd("100"), Duration.ofHours(1), COMPUTE, DISK);
    assertThat(guard.forecast(start, Duration.ofHours(1))).contains("$2.20");
  }

  @Test
  void aForecastOnTheHourStillCountsOnlyItsHours() {
    Instant start = Instant.parse("2026-11-28T10:00:00Z");
    assertThat(SpendMeter.forecast(COMPUTE, DISK, start, 3)).isEqualTo(ONE_HOUR.times(3));
    assertThat(SpendMeter.forecast(COMPUTE, DISK, start, 0)).isEqualTo(Money.ZERO);
  }

  @Test
  void aDeclaredForecastRoundsAWindowAHairOverAnHourUpToTwoHours() {
    Instant start = Instant.parse("2026-11-28T10:00:00Z");
    assertThat(new DeclaredRates(COMPUTE, DISK).forecast(start, Duration.ofHours(1).plusNanos(1)))
        .contains("$2.20");
  }

  @Test
  void aLocalClockBehindThePlatformsEventsNeverMakesTheCommittedSpendSmaller() {
    Instant created = Instant.parse("2026-11-28T12:05:00Z");
    BilledHistory running = new BilledHistory("m", created, Optional.empty(),
        List.of(new BilledHistory.Interval(created, Optional.empty())), COMPUTE, DISK);
    BudgetGuard guard = BudgetGuard.of(Money.usd("1.50"), Duration.ofMinutes(30), COMPUTE, DISK);
    Instant behind = Instant.parse("2026-11-28T11:55:00Z"); // the local clock is 10+ minutes behind the platform

    BudgetDecision decision = guard.decide(running, behind);

    // whatever the local clock says, the machine has run in the hour of 12:00: at least one hour is committed
    assertThat(decision.committed()).isGreaterThanOrEqualTo(ONE_HOUR);
    assertThat(decision.atNextCheckpoint()).isGreaterThanOrEqualTo(ONE_HOUR);
  }
}
