package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.testfixtures.SimulatedClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PaperspaceSimulatorConcurrencyTest {

  @Test
  void concurrentCreatesWhileTheClockMovesEachMakeExactlyOneMachine() throws Exception {
    SimulatedClock clock = SimulatedClock.at("2026-01-01T00:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).build().start()) {
      sim.faults().createCommitsThen5xx(10);
      SimApi api = new SimApi(sim);
      Set<Integer> statuses = ConcurrentHashMap.newKeySet();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String name = "c-" + i;
        futures.add(pool.submit(() -> statuses.add(
            api.post("/machines", SimApi.createBody(name, "A4000", "ny2", "dynamic")).status())));
        if (i % 5 == 0) {
          clock.advance(Duration.ofSeconds(10));
        }
      }
      for (Future<?> future : futures) {
        future.get();
      }
      pool.shutdown();
      clock.advance(Duration.ofMinutes(5));

      assertThat(statuses).containsExactlyInAnyOrder(200, 500);
      List<SimMachine> machines = sim.account().machines();
      assertThat(machines).hasSize(40);
      assertThat(machines).extracting(SimMachine::name).doesNotHaveDuplicates();
      assertThat(machines).extracting(SimMachine::state).containsOnly("ready");
      assertThat(machines).extracting(m -> m.publicIp().orElseThrow()).doesNotHaveDuplicates();
    }
  }

  @Test
  void withARealClockABackgroundTickFiresTransitionsWithoutRequests() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(Clock.systemUTC())
        .transitionDelay(Duration.ofMillis(20)).backgroundTick(Duration.ofMillis(10)).build().start()) {
      sim.addMachineListener((id, from, to, reason) -> seen.add(to));
      new SimApi(sim).post("/machines", SimApi.createBody("real", "C5", "ny2", "none"));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!seen.contains("ready") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long requestsBefore = sim.requests().size();
      assertThat(seen).containsExactly("provisioning", "starting", "serviceready", "ready");
      assertThat(sim.requests()).hasSize((int) requestsBefore).hasSize(1);
    }
  }
}
