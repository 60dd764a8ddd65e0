package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.BudgetGuard;
import dev.remotegpu.core.platform.BilledHistory;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The standalone budget guard on the simulator: it stops the meter at the right check, with the figures. */
class PaperspaceBudgetGuardTest {

  @Test
  void aBudgetSmallerThanTheRunStopsTheMachineAtTheLastAffordableCheckpointAndSaysWhatStillBills() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T10:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      Machine m = SimulatedPaperspace.launchReady(paperspace,
          LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC), "budget", Duration.ofSeconds(5));
      BilledHistory history = paperspace.billedHistory(m.id()).orElseThrow();
      Money perHour = history.compute().perHour().plus(history.storage().perHour());
      // Five hours of running, and a cent: the sixth hour cannot be paid for.
      Money budget = perHour.times(5).plus(Money.usd("0.01"));
      BudgetGuard guard = BudgetGuard.of(budget, Duration.ofHours(1), history.compute(), history.storage());

      BudgetDecision last = null;
      for (int hour = 0; hour < 8; hour++) {
        clock.set(Instant.parse("2026-11-28T10:30:00Z").plus(Duration.ofHours(hour)));
        last = guard.check(paperspace, m, clock, Duration.ofSeconds(5)).orElseThrow();
        if (last.stop()) {
          break;
        }
      }
      // At 14:30 the hours 10..14 are committed (5 x perHour) and going on to 15:30 would charge the 15:00 hour.
      assertThat(last.stop()).isTrue();
      assertThat(last.at()).isEqualTo(Instant.parse("2026-11-28T14:30:00Z"));
      assertThat(last.committed()).isEqualTo(perHour.times(5));
      assertThat(last.atNextCheckpoint()).isEqualTo(perHour.times(6));
      assertThat(last.reason()).contains(budget.toDisplayString()).contains("stopping it (reversible)");
      assertThat(paperspace.machine(m.id()).state()).isEqualTo(MachineState.OFF);
      assertThat(last.stillBilling()).anyMatch(s -> s.startsWith("BLOCK_STORAGE"))
          .anyMatch(s -> s.startsWith("PUBLIC_IP"));

      // What the meter charged for compute and disk up to the stop stays within the budget.
      clock.set(Instant.parse("2026-11-28T15:00:00Z"));
      Money charged = sim.meter().accrued(BillableKind.MACHINE, m.id())
          .plus(sim.meter().accrued(BillableKind.BLOCK_STORAGE, m.id()));
      assertThat(charged).isEqualTo(perHour.times(5));
      assertThat(charged.compareTo(budget)).isNegative();
    }
  }

  @Test
  void aBudgetBelowOneCheckpointIntervalIsRefusedBeforeAnythingIsRentedWithTheNumbers() {
    Rate compute = Rate.hourly(Money.usd("0.76"));
    Rate disk = Rate.monthly(Money.usd("7.00"));
    assertThatThrownBy(() -> BudgetGuard.of(Money.usd("2.00"), Duration.ofHours(3), compute, disk))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("budget $2.00 is below $2.31")
        .hasMessageContaining("3 billed hour(s)");
    assertThat(BudgetGuard.of(Money.usd("2.31"), Duration.ofMinutes(150), compute, disk).budget())
        .isEqualTo(Money.usd("2.31"));
  }
}
