package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** planTeardown wires the core planner to Paperspace's billables and actions. */
class PaperspaceTeardownTest {

  @Test
  void aStopOnlyPlanRunsItsReversibleStepAgainstTheAccountAndLeavesTheDiskBilling() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = PaperspacePlatform.builder().apiKey(sim.apiKey()).baseUrl(sim.baseUrl())
          .clock(clock).ledger(LaunchLedgers.inMemory(clock)).pollInterval(Duration.ofMillis(5)).build();
      Machine m = paperspace.launch(LaunchRequest.of("A4000", "ny2").runId("td")
          .retry(Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(2)));
      m.awaitState(MachineState.READY, Duration.ofSeconds(5));

      TeardownPlan plan = paperspace.planTeardown(TeardownRequest.stopOnly(m.id()));
      assertThat(plan.steps()).isNotEmpty();
      assertThat(plan.render()).contains(m.id());
      ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.empty());

      assertThat(report.complete()).isTrue();
      assertThat(paperspace.machine(m.id()).awaitState(MachineState.OFF, Duration.ofSeconds(5)).state())
          .isEqualTo(MachineState.OFF);
      assertThat(plan.residual().toString()).isNotEmpty();
    }
  }
}
