package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.testfixtures.SimulatedClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * A lost lock: two threads that create and delete machines and snapshots through HTTP, while two others list
   * them and one moves the clock (running the machines' timed steps and the hourly meter), would corrupt the
   * tables and the step queue: a lost or doubled record, a ConcurrentModificationException answered as a 500, a
   * machine that never gets ready.
   */
  @Test
  void concurrentCreatesDeletesAndListsThroughHttpKeepEveryIdExactlyOnce() throws Exception {
    SimulatedClock clock = SimulatedClock.at("2026-01-01T00:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).build().start()) {
      SimApi api = new SimApi(sim);
      int writers = 2;
      int rounds = 20;
      Set<String> kept = ConcurrentHashMap.newKeySet();
      Set<String> deleted = ConcurrentHashMap.newKeySet();
      List<String> failures = new CopyOnWriteArrayList<>();
      AtomicInteger writing = new AtomicInteger(writers);
      ExecutorService pool = Executors.newFixedThreadPool(writers + 3);
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(pool.submit(() -> {
          try {
            for (int i = 0; i < rounds; i++) {
              SimApi.Reply created =
                  api.post("/machines", SimApi.createBody("w" + writer + "-" + i, "C5", "ny2", "none"));
              expect200(created, "create", failures);
              String id = created.json("data").get("id").asText();
              SimApi.Reply snapshot = api.post("/snapshots", "{\"name\":\"s\",\"machineId\":\"" + id + "\"}");
              expect200(snapshot, "snapshot", failures);
              expect200(api.delete("/snapshots/" + snapshot.json("data").get("id").asText()), "delete snapshot",
                  failures);
              if (i % 4 == 0) {
                kept.add(id);
              } else {
                expect200(api.delete("/machines/" + id), "delete machine", failures);
                deleted.add(id);
              }
            }
          } finally {
            writing.decrementAndGet();
          }
        }));
      }
      for (String list : List.of("/machine-events?limit=120", "/machines?limit=120&orderBy=name")) {
        futures.add(pool.submit(() -> {
          while (writing.get() > 0) {
            expect200(api.get(list), "list " + list, failures);
            expect200(api.get("/snapshots?limit=120"), "list snapshots", failures);
          }
        }));
      }
      futures.add(pool.submit(() -> {
        while (writing.get() > 0) {
          clock.advance(Duration.ofMinutes(5));
        }
      }));
      for (Future<?> future : futures) {
        future.get();
      }
      pool.shutdown();
      clock.advance(Duration.ofMinutes(5));

      assertThat(failures).isEmpty();
      assertThat(sim.account().machines()).extracting(SimMachine::state).containsOnly("ready");
      assertThat(kept.size() + deleted.size()).isEqualTo(writers * rounds);
      List<String> listed = new ArrayList<>();
      SimApi.Reply page = api.get("/machines?limit=120");
      page.json("items").forEach(machine -> listed.add(machine.get("id").asText()));
      assertThat(page.json("hasMore").asBoolean()).isFalse();
      assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(kept);
      assertThat(sim.account().machines()).extracting(SimMachine::id).containsExactlyInAnyOrderElementsOf(kept);
      assertThat(sim.account().snapshots()).isEmpty();
      for (String id : deleted) {
        assertThat(api.get("/machines/" + id).status()).as("deleted machine %s", id).isEqualTo(404);
      }
    }
  }

  private static void expect200(SimApi.Reply reply, String what, List<String> failures) {
    if (reply.status() != 200) {
      failures.add(what + " answered " + reply.status() + ": " + reply.body());
    }
  }

  @Test
  void withARealClockABackgroundTickFiresTransitionsWithoutRequests() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
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
