package dev.remotegpu.genericssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.Audit;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.core.teardown.TeardownStepKind;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole lifecycle through the generic platform on the embedded SSH host (a real shell, real tmux): RemoteRun,
 * the detached job, the supervisor, the checkpoint sync and the audit, unchanged; teardown as a manual step.
 */
class GenericSshLifecycleTest {
  private static final Money RATE = Money.usd("0.45");
  private static final String CKPT = "t";

  /** Loads the latest checkpoint at start, checkpoints every 2 steps, the same command for every resume. */
  private static final String TRAIN = """
      set -eu
      dir=$1; total=$2; step=0
      mkdir -p "$dir"
      latest=$(ls "$dir" | sed -n 's/^step-\\([0-9]*\\)\\.ckpt$/\\1/p' | sort -n | tail -n 1)
      if [ -n "$latest" ]; then step=$latest; echo "resumed at step $step"; fi
      while [ "$step" -lt "$total" ]; do
        step=$((step + 1)); sleep 0.1
        if [ $((step % 2)) -eq 0 ]; then echo "step=$step" > "$dir/s.tmp"; mv "$dir/s.tmp" "$dir/step-$step.ckpt";
          echo "checkpoint step-$step.ckpt"; fi
      done
      echo "training done at step $step"
      """;

  @TempDir
  Path dir;

  private EmbeddedSshHost host;
  private final List<ManualStep> handed = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startHost() {
    host = EmbeddedSshHost.builder().root(dir.resolve("box")).build();
  }

  @AfterEach
  void stopHost() {
    host.close();
  }

  private SshBox box() {
    return new SshBox("lab-4090", host.endpoint(),
        "RTX4090", "home", RATE);
  }

  private GenericSshPlatform platform(ManualStepHandler handler) {
    return GenericSshPlatform.builder()
        .box(box())
        .privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(dir.resolve("known_hosts")))
        .ssh(b -> b.reconnect(2, Duration.ofMillis(100)).connectTimeout(Duration.ofSeconds(5)))
        .pollInterval(Duration.ofMillis(50))
        .confirmTimeout(Duration.ofSeconds(2))
        .manualSteps(step -> {
          handed.add(step);
          return handler.perform(step);
        })
        .build();
  }

  /** The owner stops the box in the "console" (powers the embedded host off) and confirms. */
  private ManualStepHandler ownerStopsTheBox() {
    return step -> {
      host.powerOff();
      return true;
    };
  }

  private String remoteRoot() {
    return host.root().resolve("durable").toString();
  }

  private RemoteRun run(GenericSshPlatform platform, RunListener listener) {
    return run(platform, listener, 20);
  }

  private RemoteRun run(GenericSshPlatform platform, RunListener listener, int steps) {
    String root = remoteRoot();
    JobSpec job = JobSpec.builder(
            List.of("sh", root + "/code/train.sh", root + "/active/" + CKPT + "/ckpt", Integer.toString(steps)))
        .workingDirectory(root).stateDirectory(root + "/jobs").build();
    return RemoteRun.on(platform)
        .machine(LaunchRequest.of("RTX4090", "home").runId("gen"))
        .access(platform.remoteAccess())
        .job(job)
        .checkpoints(root, dir.resolve("pulled"), CKPT)
        .verifier(file -> !file.getFileName().toString().endsWith(".ckpt") ? Verifier.Verdict.accept()
            : readable(file) ? Verifier.Verdict.accept() : Verifier.Verdict.reject(file + " does not load"))
        .listener(listener)
        .pollInterval(Duration.ofMillis(100))
        .readyTimeout(Duration.ofSeconds(20))
        .build();
  }

  private static boolean readable(Path file) {
    try {
      return Files.readString(file).startsWith("step=");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private Path code() throws Exception {
    Path code = Files.createDirectories(dir.resolve("code"));
    Files.writeString(code.resolve("train.sh"), TRAIN);
    return code;
  }

  private static void awaitLog(DetachedJob job, String line) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!job.logTail(50).contains(line)) {
      assertThat(System.nanoTime()).as("the job never printed '%s'", line).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void wholeLifecycleRunsOnABoxYouOwnAndEndsWithAPricedManualStep() throws Exception {
    GenericSshPlatform platform = platform(ownerStopsTheBox());
    List<List<Finding>> diagnoses = new CopyOnWriteArrayList<>();
    RunListener listener = new RunListener() {
      @Override
      public void vanishDiagnosed(DetachedJob job, List<Finding> findings) {
        diagnoses.add(findings);
      }
    };
    try (RemoteRun run = run(platform, listener)) {
      assertThat(run.dangerClocks()).extracting(c -> c.gotchaIds().get(0)).contains("GEN1", "GEN6");
      assertThat(run.up().state()).isEqualTo(MachineState.READY);
      assertThat(run.push(code(), remoteRoot() + "/code")).isEqualTo(1);
      DetachedJob job = run.start();
      awaitLog(job, "checkpoint step-2.ckpt");

      host.dropAllSessions();                 // GEN8: a poll drop is not the job dying
      awaitLog(run.reattach(job.id()), "checkpoint step-4.ckpt");
      host.simulateAutoShutdown();            // GEN6: the box rebooted, tmux and the job with it

      SupervisionResult watched = run.watch();
      assertThat(watched.succeeded()).as("%s", watched).isTrue();
      assertThat(watched.launches()).isEqualTo(2);
      assertThat(watched.job().logTail(50)).anyMatch(l -> l.startsWith("resumed at step"))
          .contains("training done at step 20");
      assertThat(diagnoses).singleElement().satisfies(findings ->
          assertThat(findings).extracting(Finding::gotchaId).containsExactly("GEN6"));

      SyncResult pulled = run.pull();
      assertThat(pulled.verified()).isPresent();

      Audit audit = run.audit();
      assertThat(audit.ours().items()).singleElement().satisfies(item -> {
        assertThat(item.id()).isEqualTo("lab-4090");
        assertThat(item.perHour()).isEqualTo(RATE);
        assertThat(item.gotchaId()).contains("GEN1");
      });

      TeardownPlan plan = run.planDown();
      String destroy = TeardownStepKind.DESTROY_MACHINE.stepId("lab-4090");
      assertThat(plan.endsPerMonth()).isEqualTo(RATE.times(730));
      assertThat(handed).isEmpty();

      ExecutionReport report = run.down(plan, Approvals.of(destroy));
      assertThat(report.outcome(destroy).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
      assertThat(handed).singleElement().satisfies(step -> {
        assertThat(step.perHour()).isEqualTo(RATE);
        assertThat(step.verdict()).startsWith("SAFE TO STOP");
        assertThat(step.render()).contains("provider's console", "0.45");
      });
      assertThat(report.residualMatchesPlan()).isTrue();
      assertThat(report.actualResidual().perMonth()).isEqualTo(Money.ZERO);
      assertThat(platform.machine("lab-4090").rawState()).isEqualTo("stopped-by-owner");
    }
  }

  /** Attack: get the "safe to stop" verdict without a verified pull. The Iron Law refuses; nobody is told. */
  @Test
  void noSafeToStopVerdictWithoutAVerifiedPull() throws Exception {
    GenericSshPlatform platform = platform(ownerStopsTheBox());
    try (RemoteRun run = run(platform, new RunListener() { })) {
      run.up();
      TeardownPlan plan = run.planDown();
      String destroy = TeardownStepKind.DESTROY_MACHINE.stepId("lab-4090");
      ExecutionReport report = run.down(plan, Approvals.of(destroy));
      assertThat(report.outcome(destroy).orElseThrow().status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(handed).isEmpty();
      assertThat(platform.billables()).singleElement().satisfies(b -> assertThat(b.rate().perHour()).isEqualTo(RATE));
    }
  }

  /** Attack: the owner never confirms; the SDK must not count the box as stopped (GEN1). */
  @Test
  void anUnconfirmedManualStepLeavesTheBoxBilling() throws Exception {
    GenericSshPlatform platform = platform(step -> false);
    ExecutionReport report = upPullAndDown(platform);
    StepOutcome destroy = report.outcome(TeardownStepKind.DESTROY_MACHINE.stepId("lab-4090")).orElseThrow();
    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.FAILED);
    assertThat(destroy.detail()).contains("still billing", "/h", "GEN1");
    assertThat(handed).hasSize(1);
    assertThat(report.actualResidual().perMonth()).isEqualTo(RATE.times(730));
  }

  /** Attack: the owner says "done" but the box still answers SSH; the confirmation is checked, not trusted. */
  @Test
  void aConfirmationIsCheckedAgainstTheBox() throws Exception {
    GenericSshPlatform platform = platform(step -> true);
    ExecutionReport report = upPullAndDown(platform);
    StepOutcome destroy = report.outcome(TeardownStepKind.DESTROY_MACHINE.stepId("lab-4090")).orElseThrow();
    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.FAILED);
    assertThat(destroy.detail()).contains("still answers SSH");
    assertThat(platform.billables()).hasSize(1);
  }

  private ExecutionReport upPullAndDown(GenericSshPlatform platform) throws Exception {
    try (RemoteRun run = run(platform, new RunListener() { }, 4)) {
      run.up();
      run.push(code(), remoteRoot() + "/code");
      run.start();
      assertThat(run.watch().succeeded()).isTrue();
      run.pull();
      TeardownPlan plan = run.planDown();
      return run.down(plan, Approvals.of(TeardownStepKind.DESTROY_MACHINE.stepId("lab-4090")));
    }
  }

  /**
   * Attack: plan a "reversible" stop of a box you own, whose stop is manual and usually deletes the disk. The plan
   * follows the profile (meterStopIrreversible): it refuses the stop-only request, saying why and citing GEN1, and a
   * destroy has no reversible stop before it.
   */
  @Test
  void aStopOfABoxIsPlannedAsTheIrreversibleStepItIs() {
    GenericSshPlatform platform = platform(ownerStopsTheBox());
    platform.launch(LaunchRequest.of("lab-4090", "home"));
    assertThatThrownBy(() -> platform.planTeardown(TeardownRequest.stopOnly("lab-4090")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("itself irreversible").hasMessageContaining("GEN1").hasMessageNotContaining("PS");
    TeardownPlan plan = platform.planTeardown(TeardownRequest.destroyEverythingOf("lab-4090"));
    assertThat(plan.steps()).singleElement().satisfies(step -> {
      assertThat(step.kind()).isEqualTo(TeardownStepKind.DESTROY_MACHINE);
      assertThat(step.preconditions()).contains("Iron Law", "stopping is itself this irreversible step", "GEN1")
          .doesNotContain("block storage", "PS1");
    });
    assertThat(handed).isEmpty();
    assertThat(platform.machine("lab-4090").state()).isEqualTo(MachineState.READY);
  }

  /** Attack: a launch with no auto-shutdown on a box that has none is not refused as if it were rented (no PS2). */
  @Test
  void aRunWithoutAutoShutdownIsNotRefusedOnABoxThatHasNone() {
    GenericSshPlatform platform = platform(ownerStopsTheBox());
    RemoteRun.Builder builder = RemoteRun.on(platform)
        .machine(LaunchRequest.of("RTX4090", "home").runId("gen").withoutAutoShutdown())
        .access(platform.remoteAccess())
        .job(JobSpec.of("true"))
        .checkpoints(remoteRoot(), dir.resolve("pulled"), CKPT)
        .verifier(Verifier.NONE);
    try (RemoteRun run = builder.build()) {
      assertThat(run.up().state()).isEqualTo(MachineState.READY);
    }
  }

  @Test
  void launchIsConnectAndVerify() {
    GenericSshPlatform platform = platform(ownerStopsTheBox());
    assertThatThrownBy(() -> platform.launch(LaunchRequest.of("H100", "home")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("lab-4090");
    host.powerOff();
    assertThatThrownBy(() -> platform.launch(LaunchRequest.of("RTX4090", "home")))
        .isInstanceOf(RemoteGpuException.class).hasMessageContaining("lab-4090").hasMessageContaining("answered SSH");
    assertThat(platform.machine("lab-4090").state()).isEqualTo(MachineState.OFF);
    assertThatThrownBy(() -> platform.machine("lab-4090").start())
        .isInstanceOf(ManualActionRequiredException.class).hasMessageContaining("provider's console");
    host.powerOn();
    assertThat(platform.launch(LaunchRequest.of("RTX4090", "home")).state()).isEqualTo(MachineState.READY);
    assertThat(platform.ledger().ownsMachine("lab-4090")).isTrue();
  }

  /** A box that stays off is awaited on the platform's time source: three hours of probes, none of them real. */
  @Test
  void aWaitForABoxThatStaysOffIsSpentOnTheTimeSource() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T07:00:00Z");
    GenericSshPlatform platform = GenericSshPlatform.builder().box(box()).privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(dir.resolve("known_hosts")))
        .ssh(b -> b.connectTimeout(Duration.ofSeconds(5)))
        .timeSource(clock.timeSource()).pollInterval(Duration.ofMinutes(15)).build();
    host.powerOff();
    Instant start = clock.instant();
    long realStart = System.nanoTime();

    assertThatThrownBy(() -> platform.machine("lab-4090").awaitState(MachineState.READY, Duration.ofHours(3)))
        .isInstanceOf(RemoteGpuException.class).hasMessageContaining("did not become READY within PT3H");
    assertThat(Duration.between(start, clock.instant())).isGreaterThanOrEqualTo(Duration.ofHours(3));
    assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(20));
  }

  /** The time source is set once, on the platform: a run built on it stamps and waits on the same one. */
  @Test
  void aRunBuiltOnThePlatformUsesThePlatformsTimeSource() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T07:00:00Z");
    dev.remotegpu.core.retry.TimeSource time = clock.timeSource();
    GenericSshPlatform platform = GenericSshPlatform.builder().box(box()).privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(dir.resolve("known_hosts")))
        .timeSource(time).build();
    assertThat(platform.timeSource()).isSameAs(time);
    try (RemoteRun run = RemoteRun.on(platform)
        .machine(LaunchRequest.of("RTX4090", "home").runId("one-clock"))
        .access(platform.remoteAccess())
        .job(JobSpec.of("true"))
        .checkpoints(remoteRoot(), dir.resolve("pulled"), CKPT)
        .verifier(Verifier.NONE)
        .build()) {
      run.up();
      assertThat(dev.remotegpu.core.run.RunJournal.read(run.runDirectory()).updatedAt())
          .isEqualTo(clock.instant());
    }
  }
}
