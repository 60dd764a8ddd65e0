package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RemoteRun facade against the simulator and an embedded SSH host: the gates a user relies on. */
class RemoteRunTest {
  @TempDir
  Path dir;

  private PaperspaceSimulator simulator;
  private EmbeddedSshHost host;
  private PaperspacePlatform platform;

  @BeforeEach
  void startWorld() {
    simulator = PaperspaceSimulator.builder().transitionDelay(Duration.ofMillis(50)).build().start();
    host = EmbeddedSshHost.builder().root(dir.resolve("machine")).build();
    platform = PaperspacePlatform.builder().apiKey(simulator.apiKey()).baseUrl(simulator.baseUrl())
        .ledger(LaunchLedgers.inMemory()).pollInterval(Duration.ofMillis(20)).build();
  }

  @AfterEach
  void stopWorld() {
    host.close();
    simulator.close();
  }

  private RemoteRun.Builder run(JobSpec job) {
    return RemoteRun.on(platform)
        .machine(LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC).runId("t")
            .retry(Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50)))
        .access(EmbeddedHostAccess.to(host, dir.resolve("known_hosts")).build())
        .job(job)
        .checkpoints(remoteRoot(), dir.resolve("pulled"), "t")
        .verifier(file -> Verifier.Verdict.accept())
        .pollInterval(Duration.ofMillis(50))
        .readyTimeout(Duration.ofSeconds(20));
  }

  private String remoteRoot() {
    return host.root().resolve("durable").toString();
  }

  /** A job that writes two checkpoint files into the run's active directory and exits 0. */
  private JobSpec quickJob() {
    String ckpt = remoteRoot() + "/active/t/ckpt";
    return JobSpec.builder(List.of("sh", "-c",
            "mkdir -p \"$0\" && echo step=1 > \"$0/step-1.ckpt\" && echo step=2 > \"$0/step-2.ckpt\"", ckpt))
        .stateDirectory(remoteRoot() + "/jobs").build();
  }

  @Test
  void aNotebookRunLongerThanItsAutoShutdownCeilingIsRefusedRecommendingCore() {
    assertThatThrownBy(() -> run(quickJob())
        .plannedRun(PaperspaceProfile.GRADIENT_FREE_NOTEBOOK, Duration.ofHours(8)).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("plannedRunLength")
        .hasMessageContaining("6 h")
        .hasMessageContaining("Core")
        .satisfies(e -> assertThat(((ValidationException) e).gotchaId()).contains("PS2"));
    assertThatThrownBy(() -> run(quickJob())
        .plannedRun(PaperspaceProfile.GRADIENT_PAID_NOTEBOOK, Duration.ofDays(8)).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("168 h");

    // A Core machine hosts tmux and the supervisor restarts it: a run longer than its window is planned around.
    assertThat(run(quickJob()).plannedRun(PaperspaceProfile.CORE_MACHINE, Duration.ofDays(8)).build()).isNotNull();
    assertThat(run(quickJob()).plannedRun(PaperspaceProfile.GRADIENT_FREE_NOTEBOOK, Duration.ofHours(5)).build())
        .isNotNull();
    assertThat(simulator.requests()).isEmpty();
  }

  @Test
  void aMissingPartOrAVerbOutOfOrderIsNamed() {
    assertThatThrownBy(() -> RemoteRun.on(platform).machine(LaunchRequest.of("A4000", "ny2")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("access(RemoteAccess)");
    assertThatThrownBy(() -> RemoteRun.on(platform).machine(LaunchRequest.of("A4000", "ny2"))
        .access(m -> { throw new AssertionError("never opened"); }).job(quickJob())
        .checkpoints(remoteRoot(), dir, "t").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("verifier(Verifier)");
    // The run names each launch itself, and records the id before the start; a fixed one could not be relaunched.
    assertThatThrownBy(() -> RemoteRun.on(platform).job(quickJob().toBuilder().jobId("mine").build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mine").hasMessageContaining("jobId");

    try (RemoteRun run = run(quickJob()).build()) {
      assertThatThrownBy(run::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("up()");
      run.up();
      assertThatThrownBy(run::watch).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
      assertThat(run.evidence()).isEmpty();
    }
  }

  @Test
  void withoutAVerifiedPullTheDestroyIsRefusedAndOnlyTheStopRuns() {
    try (RemoteRun run = run(quickJob()).build()) {
      String id = run.up().id();
      TeardownPlan plan = run.planDown();
      ExecutionReport report = run.down(plan, Approvals.reversibleOnly().and("destroy-machine:" + id));

      assertThat(report.outcome("stop-machine:" + id).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
      assertThat(report.outcome("destroy-machine:" + id).orElseThrow().status())
          .isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(simulator.account().machines()).singleElement()
          .satisfies(m -> assertThat(m.id()).isEqualTo(id));
    }
  }

  @Test
  void evidenceOfAnotherManifestIsRefusedAndTheMatchingOneLetsTheApprovedDestroyRun() throws Exception {
    try (RemoteRun run = run(quickJob()).build()) {
      String id = run.up().id();
      run.start();
      SupervisionResult done = run.watch();
      assertThat(done.succeeded()).isTrue();
      assertThat(run.pull().verified()).isPresent();
      assertThat(run.evidence()).hasValueSatisfying(e -> assertThat(e.verifiedByLoad()).isTrue());

      // The bundle on the machine changes after the pull: what was verified is no longer what is there.
      Path manifest = host.root().resolve("durable/export/t/PULL_MANIFEST.json");
      byte[] original = Files.readAllBytes(manifest);
      Files.writeString(manifest, Files.readString(manifest).replace("\"run_id\": \"t\"", "\"run_id\": \"other\""));
      Approvals approvals = Approvals.reversibleOnly().and("destroy-machine:" + id);

      ExecutionReport refused = run.down(run.planDown(), approvals);
      assertThat(refused.outcome("destroy-machine:" + id).orElseThrow().status())
          .isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(simulator.account().machines()).hasSize(1);

      // The refused down() stopped the machine: an off machine is destroyed only on an inventory that was covered,
      // so it must answer once more after the fix.
      Files.write(manifest, original);
      ExecutionReport stillOff = run.down(run.planDown(), approvals);
      assertThat(stillOff.outcome("destroy-machine:" + id).orElseThrow().detail())
          .contains("cannot be inspected now").contains("start it, pull again");
      run.adopt(platform.machine(id));
      ExecutionReport allowed = run.down(run.planDown(), approvals);
      assertThat(allowed.outcome("destroy-machine:" + id).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
      assertThat(simulator.account().machines()).isEmpty();
    }
  }
}
