package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.BudgetGuard;
import dev.remotegpu.core.cost.DeclaredRates;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import dev.remotegpu.testfixtures.ssh.MachinePower;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
      // What the user expects to pay for an A4000 with a 100 GB disk (the simulator's prices): the guard is built
      // with these, before anything is rented.
      Rate compute = Rate.hourly(Money.usd("0.76"));
      Rate disk = Rate.monthly(Money.usd("7.00"));
      Money perHour = compute.perHour().plus(disk.perHour());
      // The simulated machine's power follows the account: a stop kills its processes, as on a real machine.
      MachinePower.follow(simulator, host);
      Money budget = perHour.times(2).plus(Money.usd("0.01"));
      List<SpendEstimate> spends = new CopyOnWriteArrayList<>();
      List<String> forecasts = new CopyOnWriteArrayList<>();
      String root = host.root().resolve("durable").toString();
      try (RemoteRun run = RemoteRun.on(platform)
          .machine(LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC).runId("b")
              .retry(Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50)))
          .access(EmbeddedHostAccess.to(host, dir.resolve("known_hosts")).build())
          .job(JobSpec.builder(List.of("sleep", "10")).stateDirectory(root + "/jobs").build())
          .checkpoints(root, dir.resolve("pulled"), "b")
          .verifier(Verifier.NONE)
          .budget(BudgetGuard.of(budget, Duration.ofHours(1), compute, disk))
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
        // Once the hours are charged (the clock stopped, then moved past the next whole hour): two hours of compute.
        done.set(true);
        ticker.join();
        clock.set(stop.at().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
        assertThat(simulator.meter().accrued(BillableKind.MACHINE, id)).isEqualTo(compute.perHour().times(2));
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
  void aRunWhoseLaunchHasNoAutoShutdownIsRefusedBeforeAnythingIsRented() {
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

  @Test
  void theSpendAheadIsShownBeforeTheCreateFromTheDeclaredRateOrSaysWhyThereIsNone() {
    PaperspacePlatform platform = PaperspacePlatform.builder().apiKey("unused").baseUrl("http://127.0.0.1:9/v1")
        .clock(SimulatedClock.at("2026-11-28T10:20:00Z")).ledger(LaunchLedgers.inMemory()).build();
    List<String> events = new CopyOnWriteArrayList<>();
    RunListener listener = new RunListener() {
      @Override
      public void spendForecast(String estimate) {
        events.add("forecast " + estimate);
      }
    };
    RemoteRun.Builder base = RemoteRun.on(platform)
        .machine(LaunchRequest.of("A4000", "ny2").autoShutdown(Duration.ofHours(3))
            .retry(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1)))
        .access(m -> { throw new AssertionError("never opened"); })
        .job(JobSpec.of("true"))
        .checkpoints("/tmp/x", dir, "c")
        .verifier(Verifier.NONE)
        .listener(listener)
        .clock(SimulatedClock.at("2026-11-28T10:20:00Z"));

    try (RemoteRun run = base.runDirectory(dir.resolve("declared"))
        .declaredRates(new DeclaredRates(Rate.hourly(Money.usd("0.76")), Rate.monthly(Money.usd("7.00")))).build()) {
      assertThatThrownBy(run::up).isNotNull();
    }
    // 3 h from 10:20 run until 13:20 and so touch the clock hours 10:00..14:00: 4 h at $0.76 + 4 h of a $7.00/month
    // disk ($0.0095890.../h): $3.08 (the meter's own count; $2.31, the whole hours 10:00..13:00, counted one short).
    assertThat(events.get(0)).startsWith("forecast estimated before launch: $3.08 if it runs the whole 3 h")
        .contains("estimate from your declared rate");
    events.clear();

    try (RemoteRun run = RemoteRun.on(platform).machine(LaunchRequest.of("A4000", "ny2")
            .retry(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1)))
        .access(m -> { throw new AssertionError("never opened"); }).job(JobSpec.of("true"))
        .checkpoints("/tmp/x", dir, "c").verifier(Verifier.NONE).listener(listener)
        .runDirectory(dir.resolve("undeclared")).build()) {
      assertThatThrownBy(run::up).isNotNull();
    }
    assertThat(events.get(0)).startsWith("forecast no estimate before launch")
        .contains("declaredRates");
  }
}
