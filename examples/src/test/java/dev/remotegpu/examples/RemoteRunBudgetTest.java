package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.cost.BilledHistory;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.BudgetGuard;
import dev.remotegpu.core.cost.Money;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import dev.remotegpu.ssh.SshRemoteAccess;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RemoteRun with a budget: the guard stops the machine during watch(), and the auto-shutdown is never absent. */
class RemoteRunBudgetTest {
  @TempDir
  Path dir;

  @Test
  void aBudgetSmallerThanTheRunStopsTheMachineDuringWatchAndReportsWhatStillBills() throws Exception {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T10:00:00Z");
    AtomicBoolean done = new AtomicBoolean();
    // While the job is watched, one simulated minute every 10 ms: an hour passes in about 0.6 s of real time.
    Thread ticker = new Thread(() -> {
      while (!done.get()) {
        clock.advance(Duration.ofMinutes(1));
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    ticker.setDaemon(true);
    try (PaperspaceSimulator simulator = PaperspaceSimulator.builder().clock(clock)
            .transitionDelay(Duration.ZERO).build().start();
        EmbeddedSshHost host = EmbeddedSshHost.builder().root(dir.resolve("machine")).build()) {
      PaperspacePlatform platform = PaperspacePlatform.builder().apiKey(simulator.apiKey())
          .baseUrl(simulator.baseUrl()).clock(clock).ledger(LaunchLedgers.inMemory(clock))
          .pollInterval(Duration.ofMillis(5)).build();
      // The A4000's rates as the simulator prices it: the guard is built with what the user expects to pay.
      BilledHistory rates = priceOfAnA4000(clock);
      Money perHour = rates.compute().perHour().plus(rates.storage().perHour());
      Money budget = perHour.times(2).plus(Money.usd("0.01"));
      List<SpendEstimate> spends = new CopyOnWriteArrayList<>();
      List<String> forecasts = new CopyOnWriteArrayList<>();
      String root = host.root().resolve("durable").toString();
      try (RemoteRun run = RemoteRun.on(platform)
          .machine(LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC).runId("b")
              .retry(Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50)))
          .access(SshRemoteAccess.builder()
              .privateKey(host.clientKeyPair())
              .knownHosts(host.writeKnownHosts(dir.resolve("known_hosts")))
              .endpoint(m -> new SshEndpoint(host.endpoint().host(), host.endpoint().port(), host.user()))
              .build())
          .job(JobSpec.builder(List.of("sleep", "30")).stateDirectory(root + "/jobs").build())
          .checkpoints(root, dir.resolve("pulled"), "b")
          .verifier(Verifier.NONE)
          .budget(BudgetGuard.of(budget, Duration.ofHours(1), rates.compute(), rates.storage()))
          .plannedRun(PaperspaceProfile.CORE_MACHINE, Duration.ofMinutes(150))
          .listener(new RunListener() {
            @Override
            public void spend(SpendEstimate estimate) {
              spends.add(estimate);
            }

            @Override
            public void spendForecast(String estimate) {
              forecasts.add(estimate);
            }
          })
          .clock(clock)
          .pollInterval(Duration.ofMillis(50))
          .readyTimeout(Duration.ofHours(1))
          .build()) {
        String id = run.up().id();
        // The default 12 h window became the smallest one covering the 2.5 h run: a dead host leaves it stopped.
        assertThat(run.machine().autoShutdown()).contains(Duration.ofHours(3));
        run.start();
        ticker.start();
        SupervisionResult result = run.watch();

        BudgetDecision stop = run.budgetStop().orElseThrow();
        assertThat(result.gaveUpReason()).hasValueSatisfying(r -> assertThat(r).contains("budget"));
        // Launched in the 10:00 hour: from 11:00 on, one more hour would charge a third hour, over the budget.
        assertThat(stop.at()).isAfterOrEqualTo(Instant.parse("2026-11-28T11:00:00Z"))
            .isBefore(Instant.parse("2026-11-28T12:00:00Z"));
        assertThat(stop.committed()).isEqualTo(perHour.times(2));
        assertThat(stop.atNextCheckpoint()).isEqualTo(perHour.times(3));
        assertThat(stop.stillBilling()).anyMatch(s -> s.startsWith("BLOCK_STORAGE " + id + "-disk"))
            .anyMatch(s -> s.startsWith("PUBLIC_IP"));
        assertThat(platform.machine(id).state()).isEqualTo(MachineState.OFF);
        assertThat(simulator.meter().accrued(BillableKind.MACHINE, id))
            .isEqualTo(rates.compute().perHour().times(2));
        // Before launch: the 3 h window at the expected rates, more than the budget, so the guard will stop it.
        assertThat(forecasts).singleElement().satisfies(f -> assertThat(f)
            .contains(perHour.times(3).toDisplayString()).contains("the guard will stop it"));
        assertThat(spends).isNotEmpty().allMatch(s -> s.machineId().equals(id));
        assertThat(run.spend().orElseThrow().soFar().compareTo(budget)).isNegative();
      }
    } finally {
      done.set(true);
      ticker.join();
    }
  }

  @Test
  void aLaunchWithoutAutoShutdownIsRefusedAndAPlannedRunGetsTheSmallestWindowCoveringIt() {
    PaperspacePlatform platform = PaperspacePlatform.builder().apiKey("unused").baseUrl("http://127.0.0.1:9/v1")
        .ledger(LaunchLedgers.inMemory()).build();
    RemoteRun.Builder base = RemoteRun.on(platform)
        .access(m -> { throw new AssertionError("never opened"); })
        .job(JobSpec.of("true"))
        .checkpoints("/tmp/x", dir, "c")
        .verifier(Verifier.NONE);
    assertThatThrownBy(() -> base.machine(LaunchRequest.of("A4000", "ny2").withoutAutoShutdown()).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("never goes without an auto-shutdown")
        .satisfies(e -> assertThat(((ValidationException) e).gotchaId()).contains("PS2"));
  }

  private static BilledHistory priceOfAnA4000(SimulatedClock clock) {
    try (PaperspaceSimulator probe = PaperspaceSimulator.builder().clock(SimulatedClock.at(clock.instant()))
        .transitionDelay(Duration.ZERO).build().start()) {
      PaperspacePlatform p = PaperspacePlatform.builder().apiKey(probe.apiKey()).baseUrl(probe.baseUrl())
          .clock(probe.clock()).ledger(LaunchLedgers.inMemory()).pollInterval(Duration.ofMillis(2)).build();
      String id = p.launch(LaunchRequest.of("A4000", "ny2").runId("price")
          .retry(Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(2))).id();
      return p.billedHistory(id).orElseThrow();
    }
  }
}
