package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.CapacityFailure;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The simulated clock drives every wait: with {@link SimulatedClock#timeSource()} given to the platform, hours of
 * provisioning, a teardown await past its deadline and a capacity retry of many rounds end in milliseconds of
 * real time. Without a sleeper that advances the clock (today's {@code .clock(sim)} alone), each of these waits
 * sleeps for real and the preemptive time-outs below fail them.
 */
class SimulatedTimeDrivesEveryWaitTest {

  private static final Duration REAL_TIME_LIMIT = Duration.ofSeconds(20);

  /** A platform whose every wait sleeps on {@code clock}, polling every 15 simulated minutes. */
  private static PaperspacePlatform platform(PaperspaceSimulator sim, SimulatedClock clock,
      PaperspacePlatform.Builder builder) {
    return builder.apiKey(sim.apiKey()).baseUrl(sim.baseUrl()).timeSource(clock.timeSource())
        .ledger(LaunchLedgers.inMemory(clock)).pollInterval(Duration.ofMinutes(15)).build();
  }

  @Test
  void aMachineProvisioningForHoursIsAwaitedInSimulatedTime() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T08:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ofHours(1))
        .build().start()) {
      PaperspacePlatform paperspace = platform(sim, clock, PaperspacePlatform.builder().createEventTimeout(
          Duration.ZERO));
      Instant start = clock.instant();

      Machine ready = assertTimeoutPreemptively(REAL_TIME_LIMIT, () -> paperspace
          .launch(LaunchRequest.of("A4000", "ny2").runId("slow-boot"))
          .awaitState(MachineState.READY, Duration.ofHours(6)));

      assertThat(ready.state()).isEqualTo(MachineState.READY);
      // create steps provisioning -> starting -> serviceready -> ready one hour apart: three hours of polls
      assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofHours(3), Duration.ofHours(4));
    }
  }

  @Test
  void aStopStillUnderWayPastItsDeadlineIsReportedInProgressAfterTheDeadlineInSimulatedTime() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T08:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ofHours(1))
        .build().start()) {
      PaperspacePlatform paperspace = platform(sim, clock, PaperspacePlatform.builder()
          .createEventTimeout(Duration.ZERO).teardownDeadline(Duration.ofMinutes(45)));
      Machine m = assertTimeoutPreemptively(REAL_TIME_LIMIT, () -> paperspace
          .launch(LaunchRequest.of("A4000", "ny2").runId("slow-stop"))
          .awaitState(MachineState.READY, Duration.ofHours(12)));
      Instant stopAt = clock.instant();
      TeardownPlan plan = paperspace.planTeardown(TeardownRequest.stopOnly(m.id()));

      ExecutionReport report = assertTimeoutPreemptively(REAL_TIME_LIMIT,
          () -> plan.execute(Approvals.reversibleOnly(), Optional.empty()));

      StepOutcome stop = report.outcome("stop-machine:" + m.id()).orElseThrow();
      assertThat(stop.status()).isEqualTo(StepOutcome.Status.IN_PROGRESS);
      assertThat(stop.detail()).contains("still 'stopping'").contains("PT45M");
      Duration waited = Duration.between(stopAt, clock.instant());
      assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMinutes(45)).isLessThan(Duration.ofHours(1));
    }
  }

  @Test
  void aCapacityRetryOfManyRoundsWaitsInSimulatedTimeAndCreatesOneMachine() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T08:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO)
        .build().start()) {
      sim.faults().noCapacity("A4000", "ny2", 6, CapacityFailure.CREATE_400);
      PaperspacePlatform paperspace = platform(sim, clock, PaperspacePlatform.builder()
          .createEventTimeout(Duration.ZERO).adoptionSettle(Duration.ofSeconds(2)));
      Instant start = clock.instant();

      Machine m = assertTimeoutPreemptively(REAL_TIME_LIMIT, () -> paperspace.launch(LaunchRequest.of("A4000",
          "ny2").runId("no-capacity").retry(Duration.ofHours(3), Duration.ofMinutes(1), Duration.ofMinutes(10))));

      assertThat(m.machineType()).isEqualTo("A4000");
      assertThat(sim.account().machines()).hasSize(1);
      // six empty rounds waited about 1 + 2 + 4 + 8 + 10 + 10 minutes (plus or minus 50%) on the simulated clock
      assertThat(Duration.between(start, clock.instant())).isGreaterThan(Duration.ofMinutes(10))
          .isLessThan(Duration.ofHours(3));
    }
  }
}
