package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.cost.SpendMeter;
import dev.remotegpu.core.platform.BilledHistory;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.BillingMeter;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Spend so far from the machine events, against the simulator's billing meter, to the cent. */
class PaperspaceSpendTest {

  @Test
  void spendSoFarMatchesTheMeterToTheCentOverAScriptedTimelineWithAMonthlyCap() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T21:10:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      Machine m = SimulatedPaperspace.launchReady(paperspace,
          LaunchRequest.of("A4000", "ny2").autoShutdown(Duration.ofHours(12)), "spend", Duration.ofSeconds(5));
      String id = m.id();

      clock.set(Instant.parse("2026-11-30T23:40:00Z"));
      assertSameAsMeter(paperspace, sim.meter(), id, clock.instant());          // 2 running hours: 21:00, 22:00
      m.stop().awaitState(MachineState.OFF, Duration.ofSeconds(5));

      clock.set(Instant.parse("2026-12-01T02:20:00Z"));
      assertSameAsMeter(paperspace, sim.meter(), id, clock.instant());          // off from 23:40: disk only after 23:00
      m.refresh().start().awaitState(MachineState.READY, Duration.ofSeconds(5));

      // The 12 h auto-shutdown stops it at 14:20 on its own (a "stop" event); the disk bills on, the whole of
      // December (744 h), so its monthly cap (730 h of the monthly price) stops the disk charge on Dec 31.
      clock.set(Instant.parse("2027-01-01T05:30:00Z"));
      assertThat(paperspace.machine(id).state()).isEqualTo(MachineState.OFF);
      Money spent = assertSameAsMeter(paperspace, sim.meter(), id, clock.instant());

      BilledHistory history = paperspace.billedHistory(id).orElseThrow();
      assertThat(history.running()).hasSize(2);
      assertThat(history.running().get(1).to()).contains(Instant.parse("2026-12-01T14:20:00Z"));
      // compute: 3 h (21, 22, 23 on Nov 30) + 13 h (02:00-14:00 on Dec 1); the disk: Nov 21-23 h, all of
      // December capped at its monthly price, the 5 h of January that ended.
      Money compute = history.compute().perHour().times(3 + 13);
      assertThat(SpendMeter.estimate(history, clock.instant(), Optional.empty()).computeSoFar()).isEqualTo(compute);
      assertThat(sim.meter().accrued(BillableKind.MACHINE, id)).isEqualTo(compute);
      Money diskDecember = history.storage().monthlyCap().orElseThrow();
      Money disk = history.storage().perHour().times(3 + 5).plus(diskDecember);
      assertThat(spent).isEqualTo(compute.plus(disk));
    }
  }

  @Test
  void spendAheadCountsTheHoursUntilTheAutoShutdownAndEachExtraHour() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T10:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      Machine m = SimulatedPaperspace.launchReady(paperspace,
          LaunchRequest.of("A4000", "ny2").autoShutdown(Duration.ofHours(4)), "ahead", Duration.ofSeconds(5));
      clock.set(Instant.parse("2026-11-28T11:30:00Z"));
      BilledHistory history = paperspace.billedHistory(m.id()).orElseThrow();
      Instant fires = history.runningSince().orElseThrow().plus(Duration.ofHours(4));
      SpendEstimate estimate = SpendMeter.estimate(history, clock.instant(), Optional.of(fires));

      Money perHour = history.compute().perHour().plus(history.storage().perHour());
      assertThat(estimate.soFar()).isEqualTo(perHour);                   // the 10:00 hour has ended
      // 11:00, 12:00, 13:00 and the 14:00 hour, in which it stops exactly at 14:00 (charged, its end included)
      assertThat(estimate.untilAutoShutdown()).isEqualTo(perHour.times(4));
      assertThat(estimate.perExtraHour()).isEqualTo(perHour);
      assertThat(estimate.summary()).contains("estimate, not an invoice");

      clock.set(Instant.parse("2026-11-28T15:00:00Z"));
      assertThat(paperspace.machine(m.id()).state()).isEqualTo(MachineState.OFF);
      assertSameAsMeter(paperspace, sim.meter(), m.id(), clock.instant());
      assertThat(SpendMeter.spentBy(paperspace.billedHistory(m.id()).orElseThrow(), clock.instant()))
          .isEqualTo(estimate.soFar().plus(estimate.untilAutoShutdown()));
    }
  }

  @Test
  void theAccountsSpendIsEachMachinesSpendAndTheirSumIsTheMetersComputeAndDisk() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T08:20:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      Machine a = SimulatedPaperspace.launchReady(paperspace, LaunchRequest.of("A4000", "ny2"), "a",
          Duration.ofSeconds(5));
      clock.set(Instant.parse("2026-11-28T09:45:00Z"));
      Machine b = SimulatedPaperspace.launchReady(paperspace, LaunchRequest.of("A5000", "ny2"), "b",
          Duration.ofSeconds(5));
      clock.set(Instant.parse("2026-11-28T11:10:00Z"));
      a.stop().awaitState(MachineState.OFF, Duration.ofSeconds(5));
      clock.set(Instant.parse("2026-11-28T14:05:00Z"));

      List<SpendEstimate> account = SpendMeter.ofAccount(paperspace, clock.instant());
      assertThat(account).extracting(SpendEstimate::machineId).containsExactlyInAnyOrder(a.id(), b.id());
      Money total = account.stream().map(SpendEstimate::soFar).reduce(Money.ZERO, Money::plus);
      assertThat(total).isEqualTo(
          sim.meter().total(BillableKind.MACHINE).plus(sim.meter().total(BillableKind.BLOCK_STORAGE)));
    }
  }

  @Test
  void theAccountsSpendAddsStaticIpsAtTheirCapAndSnapshotsOfUnknownSizeAsUnknownNeverZero() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T08:20:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      Machine a = SimulatedPaperspace.launchReady(paperspace,
          LaunchRequest.of("A4000", "ny2").publicIp(dev.remotegpu.core.PublicIpType.STATIC), "a",
          Duration.ofSeconds(5));
      String orphan = sim.account().addOrphanSnapshot("someone-elses-backup", 200).id();
      clock.set(Instant.parse("2026-11-28T10:05:00Z"));

      dev.remotegpu.core.cost.AccountSpend account = SpendMeter.account(paperspace, clock.instant());
      assertThat(account.machines()).extracting(SpendEstimate::machineId).containsExactly(a.id());
      assertThat(account.machinesSoFar()).isEqualTo(
          sim.meter().total(BillableKind.MACHINE).plus(sim.meter().total(BillableKind.BLOCK_STORAGE)));
      // Not the machine nor its disk (already in its history), but its static IP and the orphan snapshot.
      assertThat(account.others()).extracting(i -> i.billable().kind())
          .containsExactlyInAnyOrder(BillableKind.PUBLIC_IP, BillableKind.SNAPSHOT);
      assertThat(account.others()).filteredOn(i -> i.id().equals(orphan)).singleElement()
          .satisfies(i -> assertThat(i.priceKnown()).isFalse());
      assertThat(account.othersPerMonth()).isEqualTo(Money.usd("3.00"));
      assertThat(account.othersUnknown()).isTrue();
      assertThat(account.summary()).contains("at least $3.00 + unknown per month").doesNotContain("$0.00 per month")
          .contains("machines already deleted are not counted").contains("no creation time");
    }
  }

  private static Money assertSameAsMeter(PaperspacePlatform paperspace, BillingMeter meter, String machineId,
      Instant now) {
    Money metered = meter.accrued(BillableKind.MACHINE, machineId)
        .plus(meter.accrued(BillableKind.BLOCK_STORAGE, machineId));
    Money estimated = SpendMeter.spentBy(paperspace.billedHistory(machineId).orElseThrow(), now);
    assertThat(estimated.toDisplayString()).as("spend of %s at %s", machineId, now)
        .isEqualTo(metered.toDisplayString());
    assertThat(estimated).isEqualTo(metered);
    return estimated;
  }
}
