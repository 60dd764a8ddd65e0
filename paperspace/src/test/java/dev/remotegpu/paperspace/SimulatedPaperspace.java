package dev.remotegpu.paperspace;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.time.Duration;

/** The money tests' shared set-up: a platform on a simulator and a simulated clock, and a quick launch. */
final class SimulatedPaperspace {

  private SimulatedPaperspace() {}

  /** A platform on {@code sim}, on {@code clock}, with an in-memory ledger and a 2 ms poll, from {@code builder}. */
  static PaperspacePlatform platform(PaperspaceSimulator sim, SimulatedClock clock,
      PaperspacePlatform.Builder builder) {
    return builder.apiKey(sim.apiKey()).baseUrl(sim.baseUrl()).clock(clock).ledger(LaunchLedgers.inMemory(clock))
        .pollInterval(Duration.ofMillis(2)).build();
  }

  /** As {@link #platform(PaperspaceSimulator, SimulatedClock, PaperspacePlatform.Builder)} with the defaults. */
  static PaperspacePlatform platform(PaperspaceSimulator sim, SimulatedClock clock) {
    return platform(sim, clock, PaperspacePlatform.builder());
  }

  /** Launches {@code request} under run {@code runId} with a short retry budget and waits until READY. */
  static Machine launchReady(PaperspacePlatform paperspace, LaunchRequest request, String runId, Duration timeout) {
    return paperspace.launch(request.runId(runId)
            .retry(Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(2)))
        .awaitState(MachineState.READY, timeout);
  }
}
