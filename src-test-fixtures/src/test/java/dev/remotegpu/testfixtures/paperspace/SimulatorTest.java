package dev.remotegpu.testfixtures.paperspace;

import dev.remotegpu.testfixtures.SimulatedClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the simulator's HTTP tests: a simulator on a simulated clock started before each test (the
 * subclass may {@link #configure} it) and closed after it, with a client for its API.
 */
abstract class SimulatorTest {
  final SimulatedClock clock = SimulatedClock.at("2026-01-01T00:00:00Z");
  PaperspaceSimulator sim;
  SimApi api;

  /** The subclass's settings on top of the clock; none by default. */
  PaperspaceSimulator.Builder configure(PaperspaceSimulator.Builder builder) {
    return builder;
  }

  @BeforeEach
  final void startSimulator() {
    sim = configure(PaperspaceSimulator.builder().clock(clock)).build().start();
    api = new SimApi(sim);
  }

  @AfterEach
  final void stopSimulator() {
    if (sim != null) {
      sim.close();
    }
  }
}
