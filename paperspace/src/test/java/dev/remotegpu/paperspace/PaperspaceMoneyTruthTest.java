package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.Audit;
import dev.remotegpu.core.teardown.AuditItem;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.core.teardown.TeardownStepKind;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The priced audit on the simulator: the right rule for every billable, unknown never $0, steps awaited. */
class PaperspaceMoneyTruthTest {

  @Test
  void aDynamicIpIsNeverPricedAsStaticNorPlannedForRelease() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      Machine m = SimulatedPaperspace.launchReady(paperspace, LaunchRequest.of("A4000", "ny2"), "money",
          Duration.ofSeconds(5));
      assertThat(m.publicIpType()).isEqualTo(PublicIpType.DYNAMIC);
      String address = m.publicIp().orElseThrow();

      Audit audit = paperspace.audit();
      AuditItem ip = audit.item(address).orElseThrow();
      assertThat(ip.billable().kind()).isEqualTo(BillableKind.DYNAMIC_PUBLIC_IP);
      assertThat(ip.billingRule()).contains("dynamic-public-ip");
      assertThat(ip.description()).startsWith("dynamic public IP").doesNotContain("static");
      assertThat(ip.bills()).isTrue();
      assertThat(ip.priceKnown()).isFalse();
      assertThat(audit.render()).doesNotContain("$3.00").contains("dynamic-public-ip");

      TeardownPlan plan = paperspace.planTeardown(TeardownRequest.destroyEverythingOfRun("money"));
      assertThat(plan.steps()).noneMatch(s -> s.kind() == TeardownStepKind.RELEASE_PUBLIC_IP);
      assertThat(plan.residual().items()).noneMatch(i -> i.id().equals(address));
      assertThatThrownBy(() -> paperspace.planTeardown(TeardownRequest.stopOnly(m.id()).alsoDelete(address)))
          .isInstanceOf(ValidationException.class).hasMessageContaining("releases it when its machine powers off");

      ExecutionReport report = plan.execute(Approvals.reversibleOnly().and("destroy-machine:" + m.id()),
          Optional.empty());
      assertThat(report.render()).doesNotContain("release-public-ip");
    }
  }

  @Test
  void aSnapshotOfUnknownSizeIsNeverZeroAndAlwaysStillBilling() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      String orphan = sim.account().addOrphanSnapshot("someone-elses-backup", 200).id();
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      Machine m = SimulatedPaperspace.launchReady(paperspace,
          LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC), "money", Duration.ofSeconds(5));

      AuditItem snapshot = paperspace.audit().item(orphan).orElseThrow();
      assertThat(snapshot.priceKnown()).isFalse();
      assertThat(snapshot.bills()).isTrue();
      assertThat(snapshot.billingRule()).contains("snapshot");
      assertThat(snapshot.description()).contains("size unknown");
      String row = paperspace.audit().render().lines().filter(l -> l.contains(orphan)).findFirst().orElseThrow();
      assertThat(row).doesNotContain("$0.00").contains("unknown");

      TeardownPlan plan = paperspace.planTeardown(TeardownRequest.destroyEverythingOfRun("money"));
      assertThat(plan.residual().items()).extracting(AuditItem::id).contains(orphan);
      assertThat(plan.residual().perMonthText()).startsWith("at least $").endsWith("+ unknown");
      String stillBilling = plan.render().substring(plan.render().indexOf("STILL BILLING"));
      assertThat(stillBilling).contains(orphan);
      assertThat(stillBilling.lines().filter(l -> l.contains("TOTAL")).findFirst().orElseThrow())
          .contains("at least").contains("+ unknown");

      ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.empty());
      assertThat(report.actualResidual().items()).extracting(AuditItem::id).contains(orphan);
      assertThat(m.id()).isNotEmpty();
    }
  }

  @Test
  void aStopOnlyPlanWaitsForOffAndReauditsWithoutAFalseAlarm() throws Exception {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
    // Each state lasts 30 s of simulated time: a stop is "stopping" for 30 s before "off".
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ofSeconds(30))
        .build().start(); Ticker ticker = new Ticker(clock, Duration.ofSeconds(1))) {
      List<String> events = new CopyOnWriteArrayList<>();
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock, PaperspacePlatform.builder()
          .teardownProgress((action, id, state, waited, deadline) -> events.add(action + " " + id + " " + state)));
      Machine m = SimulatedPaperspace.launchReady(paperspace,
          LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC), "money", Duration.ofSeconds(5));

      TeardownPlan plan = paperspace.planTeardown(TeardownRequest.stopOnly(m.id()));
      ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.empty());

      assertThat(report.outcome("stop-machine:" + m.id()).orElseThrow().status())
          .isEqualTo(StepOutcome.Status.EXECUTED);
      assertThat(report.differences()).isEmpty();
      assertThat(report.residualMatchesPlan()).isTrue();
      assertThat(report.render()).doesNotContain("although stop-machine");
      assertThat(events).anyMatch(e -> e.startsWith("stop until off " + m.id() + " stopping"));
    }
  }

  @Test
  void aStopStillUnderWayAtItsDeadlineIsReportedInProgressNotAsAFailure() throws Exception {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ofMinutes(2))
        .build().start(); Ticker ticker = new Ticker(clock, Duration.ofSeconds(1))) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock, PaperspacePlatform.builder()
          .teardownDeadline(Duration.ofMinutes(1)));
      Machine m = SimulatedPaperspace.launchReady(paperspace, LaunchRequest.of("A4000", "ny2"), "money",
          Duration.ofHours(2));

      TeardownPlan plan = paperspace.planTeardown(TeardownRequest.stopOnly(m.id()));
      ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.empty());

      StepOutcome stop = report.outcome("stop-machine:" + m.id()).orElseThrow();
      assertThat(stop.status()).isEqualTo(StepOutcome.Status.IN_PROGRESS);
      assertThat(stop.detail()).contains("still 'stopping'");
      assertThat(report.differences()).isEmpty();
    }
  }

  /** Moves the simulated clock one step every 2 ms of real time, so waits on the clock end in milliseconds. */
  private static final class Ticker implements AutoCloseable {
    private final AtomicBoolean done = new AtomicBoolean();
    private final Thread thread;

    Ticker(SimulatedClock clock, Duration step) {
      thread = new Thread(() -> {
        while (!done.get()) {
          clock.advance(step);
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "sim-clock-ticker");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      done.set(true);
      thread.join();
    }
  }
}
