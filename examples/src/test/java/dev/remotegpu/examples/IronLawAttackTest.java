package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.VerificationEvidence;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.ssh.SshRemoteAccess;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path that could lose the newest checkpoint, tried against a whole run: the simulator on loopback and a
 * real shell reached over SSH, once through the embedded SSH host and once through a private OpenSSH daemon.
 * Each attack must end with the destroy refused (and the refusal saying what to do) or with the machine's
 * durable state safely covered.
 */
class IronLawAttackTest {
  @TempDir
  Path dir;

  private PaperspaceSimulator simulator;
  private EmbeddedSshHost embedded;
  private OpenSshDaemon openssh;
  private PaperspacePlatform platform;
  private Path machineDisk;

  private void startWorld(String host) {
    simulator = PaperspaceSimulator.builder().transitionDelay(Duration.ofMillis(50)).build().start();
    platform = PaperspacePlatform.builder().apiKey(simulator.apiKey()).baseUrl(simulator.baseUrl())
        .ledger(LaunchLedgers.inMemory()).pollInterval(Duration.ofMillis(20)).build();
    if (host.equals("openssh")) {
      assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
      openssh = OpenSshDaemon.start();
      machineDisk = dir.resolve("openssh-disk");
    } else {
      embedded = EmbeddedSshHost.builder().root(dir.resolve("machine")).build();
      machineDisk = embedded.root();
    }
  }

  @AfterEach
  void stopWorld() {
    if (embedded != null) {
      embedded.close();
    }
    if (openssh != null) {
      openssh.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private SshRemoteAccess access() {
    KeyPair key = openssh != null ? openssh.clientKey() : embedded.clientKeyPair();
    Path knownHosts = openssh != null ? openssh.writeKnownHosts(dir.resolve("known_hosts"))
        : embedded.writeKnownHosts(dir.resolve("known_hosts"));
    SshEndpoint endpoint = openssh != null ? new SshEndpoint("127.0.0.1", openssh.port(), openssh.user())
        : new SshEndpoint(embedded.endpoint().host(), embedded.endpoint().port(), embedded.user());
    return SshRemoteAccess.builder().privateKey(key).knownHosts(knownHosts).endpoint(m -> endpoint)
        .configure(ssh -> ssh.reconnect(2, Duration.ofMillis(100))).build();
  }

  private String remoteRoot() {
    return machineDisk.resolve("durable").toString();
  }

  private Path onMachine(String relative) {
    return machineDisk.resolve("durable").resolve(relative);
  }

  private static final Verifier LOADS = IronLawAttackTest::load;

  /** Loads a checkpoint the way a host program would: it must parse as "step=N". */
  private static Verifier.Verdict load(Path file) {
    try {
      return Files.readString(file).startsWith("step=") ? Verifier.Verdict.accept()
          : Verifier.Verdict.reject("not a checkpoint");
    } catch (java.io.IOException e) {
      return Verifier.Verdict.reject(e.getMessage());
    }
  }

  private RemoteRun run(String runId, Verifier verifier, String... steps) {
    String ckpt = remoteRoot() + "/active/" + runId;
    StringBuilder script = new StringBuilder("mkdir -p \"$0\"");
    for (String step : steps) {
      script.append(" && echo step=").append(step).append(" > \"$0/step-").append(step).append(".ckpt\"");
    }
    return RemoteRun.on(platform)
        .machine(LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC).runId(runId)
            .retry(Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50)))
        .access(access())
        .job(JobSpec.builder(List.of("sh", "-c", script.toString(), ckpt))
            .stateDirectory(remoteRoot() + "/jobs-" + runId).build())
        .checkpoints(remoteRoot(), dir.resolve("pulled-" + runId), runId)
        .verifier(verifier)
        .pollInterval(Duration.ofMillis(50))
        .readyTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** Up, job, watch, pull: the run as it stands just before a teardown. */
  private RemoteRun pulledRun(String runId, Verifier verifier, String... steps) throws Exception {
    RemoteRun run = run(runId, verifier, steps);
    run.up();
    jobRuns(run, runId, steps);
    assertThat(run.pull().verified()).isPresent();
    return run;
  }

  /**
   * The job writes its checkpoints. On the embedded host it runs detached and is watched; against OpenSSH the same
   * files are written directly (detached jobs over OpenSSH are the ssh module's tests; here the daemon serves the
   * seal, the pull and the inventory).
   */
  private void jobRuns(RemoteRun run, String runId, String... steps) throws Exception {
    if (openssh == null) {
      run.start();
      assertThat(run.watch().succeeded()).isTrue();
      return;
    }
    writeCheckpoints(runId, steps);
  }

  /** What a job's run writes into {@code active/<runId>}, written directly on the machine's disk. */
  private void writeCheckpoints(String runId, String... steps) throws Exception {
    Files.createDirectories(onMachine("active/" + runId));
    for (String step : steps) {
      Files.writeString(onMachine("active/" + runId + "/step-" + step + ".ckpt"), "step=" + step + "\n");
    }
  }

  private static StepOutcome destroyOutcome(RemoteRun run, ExecutionReport report) {
    return report.outcome("destroy-machine:" + run.machine().id()).orElseThrow();
  }

  private ExecutionReport destroy(RemoteRun run) {
    return run.down(run.planDown(), Approvals.reversibleOnly().and("destroy-machine:" + run.machine().id()));
  }

  private ExecutionReport destroyOnly(RemoteRun run, TeardownPlan plan) {
    return run.down(plan, Approvals.of("destroy-machine:" + run.machine().id()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "openssh"})
  void aCheckpointWrittenAfterThePullRefusesTheDestroyUntilThePullIsRepeated(String host) throws Exception {
    startWorld(host);
    try (RemoteRun run = pulledRun("t", LOADS, "1", "2")) {
      Files.createDirectories(onMachine("active/t"));
      Files.writeString(onMachine("active/t/step-100.pt"), "step=100");
      TeardownPlan plan = run.planDown();

      StepOutcome refused = destroyOutcome(run, destroyOnly(run, plan));
      assertThat(refused.status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(refused.detail()).contains("active/t/step-100.pt").contains("pull again");
      assertThat(simulator.account().machines()).hasSize(1);

      run.pull();
      assertThat(dir.resolve("pulled-t/export/t.2/step-100.pt")).hasContent("step=100");
      assertThat(destroyOutcome(run, destroyOnly(run, plan)).status()).isEqualTo(StepOutcome.Status.EXECUTED);
      assertThat(simulator.account().machines()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "openssh"})
  void aSameSizeRewriteInExportAndADeletedManifestRefuseTheDestroy(String host) throws Exception {
    startWorld(host);
    try (RemoteRun run = pulledRun("t", LOADS, "1", "2")) {
      TeardownPlan plan = run.planDown();
      Path exported = onMachine("export/t/step-1.ckpt");
      byte[] original = Files.readAllBytes(exported);
      Files.writeString(exported, "step=9\n");

      StepOutcome rewritten = destroyOutcome(run, destroyOnly(run, plan));
      assertThat(rewritten.status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(rewritten.detail()).contains("export/t/step-1.ckpt");

      Files.write(exported, original);
      Files.delete(onMachine("export/t/PULL_MANIFEST.json"));
      StepOutcome unsealed = destroyOutcome(run, destroyOnly(run, plan));
      assertThat(unsealed.status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(unsealed.detail()).contains("unsealed");
      assertThat(simulator.account().machines()).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "openssh"})
  void aSecondJobRunIsPulledAsANewGenerationNotAnsweredUpToDate(String host) throws Exception {
    startWorld(host);
    try (RemoteRun run = pulledRun("t", LOADS, "1")) {
      // The job runs again (a resume) and writes into active/t after the first pull's seal.
      writeCheckpoints("t", "1");

      var second = run.pull();

      assertThat(second.upToDate()).isFalse();
      assertThat(second.checkpointId()).isEqualTo("t.2");
      assertThat(dir.resolve("pulled-t/export/t.2/step-1.ckpt")).exists();
      assertThat(destroyOutcome(run, destroy(run)).status()).isEqualTo(StepOutcome.Status.EXECUTED);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "openssh"})
  void verifierNoneAndBorrowedEvidenceAreNotEvidence(String host) throws Exception {
    startWorld(host);
    try (RemoteRun unloaded = pulledRun("a", Verifier.NONE, "1");
        RemoteRun loaded = pulledRun("b", LOADS, "1")) {
      StepOutcome none = destroyOutcome(unloaded, destroyOnly(unloaded, unloaded.planDown()));
      assertThat(none.status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(none.detail()).contains("Verifier.NONE").contains("not evidence");

      // Run b's own, valid evidence does not destroy run a's machine.
      TeardownPlan planOfA = unloaded.planDown();
      Optional<VerificationEvidence> borrowed = loaded.evidence();
      ExecutionReport report = planOfA.execute(Approvals.of("destroy-machine:" + unloaded.machine().id()), borrowed);
      assertThat(destroyOutcome(unloaded, report).detail())
          .contains("evidence is for machine " + loaded.machine().id());
      assertThat(simulator.account().machines()).hasSize(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "openssh"})
  void aStoppedMachineIsDestroyedOnItsCoveredInventoryUnlessItWasPoweredOnSince(String host) throws Exception {
    startWorld(host);
    try (RemoteRun run = pulledRun("t", LOADS, "1")) {
      String id = run.machine().id();
      Optional<VerificationEvidence> evidence = run.evidence();
      assertThat(evidence.orElseThrow().coveredInventoryAfterJob()).isPresent();
      TeardownPlan plan = run.planDown();
      plan.execute(Approvals.reversibleOnly(), Optional.empty());
      platform.machine(id).awaitState(MachineState.OFF, Duration.ofSeconds(20));
      Thread.sleep(20);
      simulator.account().powerOn(id);
      platform.machine(id).awaitState(MachineState.READY, Duration.ofSeconds(20));
      simulator.account().powerOff(id, "auto-shutdown");
      platform.machine(id).awaitState(MachineState.OFF, Duration.ofSeconds(20));

      StepOutcome ranSince = destroyOutcome(run, plan.execute(Approvals.of("destroy-machine:" + id), evidence));
      assertThat(ranSince.status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(ranSince.detail()).contains("cannot be inspected now").contains("powered on at");

      // Evidence taken while it answered, after the job, then a stop: the destroy runs on that inventory.
      simulator.account().powerOn(id);
      platform.machine(id).awaitState(MachineState.READY, Duration.ofSeconds(20));
      Thread.sleep(20);
      Optional<VerificationEvidence> fresh = run.evidence();
      TeardownPlan again = run.planDown();
      ExecutionReport report = again.execute(Approvals.reversibleOnly().and("destroy-machine:" + id), fresh);
      assertThat(report.outcome("stop-machine:" + id).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
      assertThat(destroyOutcome(run, report).status()).isEqualTo(StepOutcome.Status.EXECUTED);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "openssh"})
  void aCorruptedLocalBundleAndARemoteResealedUnderTheSameIdArePulledAgain(String host) throws Exception {
    startWorld(host);
    try (RemoteRun run = pulledRun("t", LOADS, "1", "2")) {
      Path local = dir.resolve("pulled-t/export/t/step-1.ckpt");
      java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(local);
      Files.writeString(local, "step=7\n");
      Files.setLastModifiedTime(local, time);
      assertThat(destroyOutcome(run, destroyOnly(run, run.planDown())).detail()).contains("sha256 mismatch");

      var repaired = run.pull();
      assertThat(repaired.upToDate()).isFalse();
      assertThat(Files.readString(local)).isEqualTo("step=1\n");

      // The machine's bundle is sealed again under the same id with other bytes of the same size.
      Path remote = onMachine("export/t");
      try (var walk = Files.walk(remote)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      Files.createDirectories(onMachine("active/t"));
      Files.writeString(onMachine("active/t/step-1.ckpt"), "step=3\n");
      Files.writeString(onMachine("active/t/step-2.ckpt"), "step=4\n");
      var resealed = run.pull();
      assertThat(resealed.upToDate()).isFalse();
      assertThat(Files.readString(local)).isEqualTo("step=3\n");
      assertThat(destroyOutcome(run, destroyOnly(run, run.planDown())).status())
          .isEqualTo(StepOutcome.Status.EXECUTED);
    }
  }
}
