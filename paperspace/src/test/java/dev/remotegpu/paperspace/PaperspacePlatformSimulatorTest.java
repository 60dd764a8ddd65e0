package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.AuthenticationException;
import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.MachineStateTimeoutException;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.launch.LaunchFailedException;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.doubles.RecordingLaunchListener;
import dev.remotegpu.testfixtures.paperspace.CapacityFailure;
import dev.remotegpu.testfixtures.paperspace.MachineSeed;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.paperspace.SimMachine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PaperspacePlatform against the stateful simulator. */
class PaperspacePlatformSimulatorTest {
  SimulatedClock clock;
  PaperspaceSimulator sim;
  LaunchLedger ledger;
  RecordingLaunchListener listener;

  @BeforeEach
  void start() {
    clock = SimulatedClock.at("2026-11-28T00:00:00Z");
    sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build().start();
    ledger = LaunchLedgers.inMemory(clock);
    listener = new RecordingLaunchListener();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  PaperspacePlatform.Builder platform() {
    return PaperspacePlatform.builder().apiKey(sim.apiKey()).baseUrl(sim.baseUrl()).clock(clock).ledger(ledger)
        .launchListener(listener).pollInterval(Duration.ofMillis(5))
        .requestRetries(4, Duration.ofMillis(1), Duration.ofMillis(5)).adoptionSettle(Duration.ofMillis(20));
  }

  static LaunchRequest fastRequest(String type, String region) {
    return LaunchRequest.of(type, region).runId("sim")
        .retry(Duration.ofSeconds(20), Duration.ofMillis(1), Duration.ofMillis(5));
  }

  @Test
  void launchMakesOneReadyMachineWithTheRequestedSettingsAndRecordsIt() {
    PaperspacePlatform paperspace = platform().build();

    Machine m = paperspace.launch(fastRequest("A4000", "ny2").autoShutdown(Duration.ofHours(6))
        .publicIp(PublicIpType.STATIC).diskSizeGb(250));
    Machine ready = m.awaitState(MachineState.READY, Duration.ofSeconds(10));

    assertThat(ready.name()).startsWith("rgpu-sim-");
    assertThat(ready.autoShutdown()).contains(Duration.ofHours(6));
    assertThat(ready.publicIpType()).isEqualTo(PublicIpType.STATIC);
    assertThat(ready.ssh()).isPresent();
    assertThat(sim.account().machines()).singleElement().satisfies(s -> {
      assertThat(s.id()).isEqualTo(m.id());
      assertThat(s.diskSizeGb()).isEqualTo(250);
      assertThat(s.region()).isEqualTo("ny2");
    });
    assertThat(paperspace.ledger().ownsMachine(m.id())).isTrue();
    assertThat(paperspace.machines()).extracting(Machine::id).containsExactly(m.id());
    assertThat(paperspace.machine(m.id()).state()).isEqualTo(MachineState.READY);
  }

  @ParameterizedTest
  @EnumSource(value = CapacityFailure.class, names = {"CREATE_400", "CREATE_EVENT_ERROR"})
  void theFirstThreeCreatesMeetNoCapacityAndTheFourthSucceeds(CapacityFailure how) {
    sim.faults().noCapacity("A4000", "ny2", 3, how);
    PaperspacePlatform paperspace = platform().build();

    Machine m = paperspace.launch(fastRequest("A4000", "ny2"));

    assertThat(listener.events()).filteredOn(e -> e.startsWith("start")).hasSize(4);
    assertThat(listener.events()).filteredOn(e -> e.startsWith("fail")).hasSize(3)
        .allMatch(e -> e.contains("A4000@ny2") && e.contains("capacity"));
    assertThat(listener.events()).last().isEqualTo("launched " + m.id() + " on A4000@ny2");
    assertThat(sim.requestCount("POST", "/v1/machines")).isEqualTo(4);
    assertThat(sim.account().machines()).extracting(SimMachine::id).containsExactly(m.id());
  }

  @Test
  void availabilityFalseMovesToTheFallbackWithoutSendingACreate() {
    sim.faults().noCapacity("A4000", "ny2", 1, CapacityFailure.AVAILABILITY_FALSE);
    PaperspacePlatform paperspace = platform().build();

    Machine m = paperspace.launch(fastRequest("A4000", "ny2").fallback("A5000", "ca1"));

    assertThat(m.machineType()).isEqualTo("A5000");
    assertThat(m.region()).isEqualTo("ca1");
    assertThat(listener.events()).anyMatch(e -> e.startsWith("fail 1 A4000@ny2") && e.contains("availability"));
    assertThat(sim.requestCount("POST", "/v1/machines")).isEqualTo(1);
  }

  @Test
  void theDeadlinePassingReportsEveryAttemptAndCreatesNothing() {
    sim.faults().noCapacity("A4000", "ny2", 1_000, CapacityFailure.AVAILABILITY_FALSE);
    PaperspacePlatform paperspace = platform().build();

    assertThatThrownBy(() -> paperspace.launch(fastRequest("A4000", "ny2")
        .retry(Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(40))))
        .isInstanceOf(LaunchFailedException.class)
        .hasMessageContaining("#1 A4000@ny2")
        .hasMessageContaining("#2 A4000@ny2");
    assertThat(sim.requestCount("POST", "/v1/machines")).isZero();
    assertThat(sim.account().machines()).isEmpty();
  }

  @Test
  void aHundredLaunchesWhoseCreateTimesOutOrFailsAfterCommittingLeaveExactlyOneMachineEach() throws Exception {
    PaperspacePlatform paperspace = platform()
        .httpClient(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build())
        .createEventTimeout(Duration.ZERO)
        .build();
    sim.faults().createCommitsThenTimesOut(50, Duration.ofMillis(300));
    sim.faults().createCommitsThen5xx(50);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<String>> launches = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String run = "fault"; // one run id for all: concurrent launches must never adopt each other's machine
      launches.add(pool.submit(() -> paperspace.launch(fastRequest("A4000", "ny2").runId(run)).id()));
    }
    List<String> ids = new ArrayList<>();
    try {
      for (Future<String> launch : launches) {
        ids.add(launch.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(ids).doesNotHaveDuplicates().hasSize(100);
    assertThat(sim.account().machines()).hasSize(100)
        .extracting(SimMachine::id).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(sim.requestCount("POST", "/v1/machines")).isEqualTo(100);
    assertThat(listener.events()).filteredOn(e -> e.startsWith("adopted")).hasSize(100);
    assertThat(ledger.entries()).hasSize(100).allMatch(e -> e.machineId().isPresent());
  }

  @Test
  void aLaunchAfterACrashAdoptsTheMachineItsLedgerIntendedInsteadOfCreatingAnother() {
    ledger.recordIntent("crashy", "rgpu-crashy-k2j4h5g6", new LaunchCandidate("A4000", "ny2"));
    SimMachine left = sim.account().addMachine(MachineSeed.of("rgpu-crashy-k2j4h5g6", "A4000", "ny2"));
    PaperspacePlatform paperspace = platform().build();

    Machine m = paperspace.launch(fastRequest("A4000", "ny2").runId("crashy"));

    assertThat(m.id()).isEqualTo(left.id());
    assertThat(sim.requestCount("POST", "/v1/machines")).isZero();
    assertThat(ledger.ownsMachine(left.id())).isTrue();
    assertThat(listener.events()).contains("adopted " + left.id());
  }

  @Test
  void badInputsAreRefusedNamingTheFieldBeforeAnyRequest() {
    PaperspacePlatform paperspace = platform().build();
    Map<String, LaunchRequest> bad = Map.of(
        "candidates[0].region", fastRequest("A4000", "fra1"),
        "diskSizeGb", fastRequest("A4000", "ny2").diskSizeGb(49),
        "autoShutdown", fastRequest("A4000", "ny2").autoShutdown(Duration.ofMinutes(30)),
        "autoShutdown ", fastRequest("A4000", "ny2").autoShutdown(Duration.ofDays(8)),
        "autoShutdown  ", fastRequest("Free-RTX4000", "ny2").autoShutdown(Duration.ofHours(7)),
        "autoShutdown   ", fastRequest("Free-GPU", "ny2").withoutAutoShutdown());
    bad.forEach((field, request) -> assertThatThrownBy(() -> paperspace.launch(request))
        .as(field)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(field.strip())
        .satisfies(e -> assertThat(((ValidationException) e).issues()).extracting(ValidationException.Issue::field)
            .contains(field.strip())));

    assertThat(sim.requests()).isEmpty();
    assertThat(sim.account().machines()).isEmpty();
    assertThat(ledger.entries()).isEmpty();
  }

  @Test
  void goodEdgeInputsPassValidation() {
    PaperspacePlatform paperspace = platform().build();
    Machine edge = paperspace.launch(fastRequest("A4000", "East Coast (NY2)").autoShutdown(Duration.ofDays(7))
        .diskSizeGb(50));
    assertThat(edge.region()).isEqualTo("ny2");
    assertThat(edge.autoShutdown()).contains(Duration.ofHours(168));
  }

  @Test
  void anAccountNotInGoodStandingIsRefusedBeforeAnyCreate() {
    sim.settings().accountStanding(false);
    PaperspacePlatform paperspace = platform().build();

    assertThatThrownBy(() -> paperspace.launch(fastRequest("A4000", "ny2")))
        .isInstanceOf(AccountNotInGoodStandingException.class)
        .hasMessageContaining("payment method");
    assertThat(sim.requestCount("POST", "/v1/machines")).isZero();
  }

  @Test
  void aMachineStopsAndStartsThroughItsStates() {
    PaperspacePlatform paperspace = platform().build();
    Machine m = paperspace.launch(fastRequest("A4000", "ny2")).awaitState(MachineState.READY, Duration.ofSeconds(5));

    Machine off = m.stop().awaitState(MachineState.OFF, Duration.ofSeconds(5));
    assertThat(off.state()).isEqualTo(MachineState.OFF);
    assertThat(off.publicIp()).isEmpty();
    Machine on = off.start().awaitState(MachineState.READY, Duration.ofSeconds(5));
    assertThat(on.publicIp()).isPresent();
  }

  @Test
  void awaitStateGivesUpAfterItsTimeoutNamingTheMachineAndLastState() {
    sim.close();
    sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ofMinutes(1)).build().start();
    PaperspacePlatform paperspace = platform().baseUrl(sim.baseUrl()).createEventTimeout(Duration.ZERO).build();
    Machine m = paperspace.launch(fastRequest("A4000", "ny2"));

    assertThatThrownBy(() -> m.awaitState(MachineState.READY, Duration.ofMillis(100)))
        .isInstanceOf(MachineStateTimeoutException.class)
        .hasMessageContaining(m.id())
        .hasMessageContaining("provisioning");
    clock.advance(Duration.ofMinutes(5));
    assertThat(m.awaitState(MachineState.READY, Duration.ofSeconds(5)).state()).isEqualTo(MachineState.READY);
  }

  @Test
  void billablesPriceMachinesDisksIpsSnapshotsAndDrives() {
    PaperspacePlatform paperspace = platform().build();
    Machine m = paperspace.launch(fastRequest("A4000", "ny2").publicIp(PublicIpType.STATIC));
    m.awaitState(MachineState.READY, Duration.ofSeconds(5));
    sim.account().addStaticIp("ca1");
    sim.account().addSnapshot(Optional.empty(), "orphan", 80);
    sim.account().addSharedDrive("data", "ny2", 1000);

    List<Billable> billables = paperspace.billables();
    Function<BillableKind, List<Billable>> of = k -> billables.stream().filter(b -> b.kind() == k).toList();

    assertThat(of.apply(BillableKind.MACHINE)).singleElement()
        .satisfies(b -> assertThat(b.rate().perHour().isZero()).isFalse());
    assertThat(of.apply(BillableKind.BLOCK_STORAGE)).singleElement()
        .satisfies(b -> assertThat(b.machineId()).contains(m.id()));
    assertThat(of.apply(BillableKind.PUBLIC_IP)).hasSize(2)
        .allSatisfy(b -> assertThat(b.rate().perMonth().toDisplayString()).isEqualTo("$3.00"));
    assertThat(of.apply(BillableKind.SNAPSHOT)).hasSize(1);
    assertThat(of.apply(BillableKind.SHARED_STORAGE)).singleElement()
        .satisfies(b -> assertThat(b.rate().perMonth().toDisplayString()).isEqualTo("$290.00"));

    m.stop().awaitState(MachineState.OFF, Duration.ofSeconds(5));
    assertThat(paperspace.billables()).filteredOn(b -> b.kind() == BillableKind.MACHINE).singleElement()
        .satisfies(b -> assertThat(b.rate().perHour().isZero()).isTrue());
  }

  @Test
  void aMissingOrWrongKeyIsAClearErrorThatNeverShowsTheKey() {
    assertThatThrownBy(() -> PaperspacePlatform.builder().apiKey("  ").build())
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("PAPERSPACE_API_KEY");
    assertThatThrownBy(() -> PaperspacePlatform.fromEnvironment(Map.of()))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("PAPERSPACE_API_KEY");

    PaperspacePlatform wrong = PaperspacePlatform.fromEnvironment(Map.of(
        "PAPERSPACE_API_KEY", "wrong-key-0c9d8e7f", "PAPERSPACE_API_URL", sim.baseUrl()));
    assertThatThrownBy(wrong::machines).isInstanceOf(AuthenticationException.class)
        .hasMessageNotContaining("wrong-key-0c9d8e7f");
    assertThat(wrong.toString()).doesNotContain("wrong-key-0c9d8e7f").contains(sim.baseUrl());
  }
}
