package dev.remotegpu.core.teardown;

import static dev.remotegpu.core.teardown.Accounts.GOTCHAS;
import static dev.remotegpu.core.teardown.Accounts.IP;
import static dev.remotegpu.core.teardown.Accounts.OTHER_MACHINE;
import static dev.remotegpu.core.teardown.Accounts.MACHINE;
import static dev.remotegpu.core.teardown.Accounts.RUN;
import static dev.remotegpu.core.teardown.Accounts.SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.checkpoint.CheckpointVerificationException;
import dev.remotegpu.core.checkpoint.Verifier;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IronLawGateTest {

  private static final String DESTROY = "destroy-machine:" + MACHINE;
  private static final String STOP = "stop-machine:" + MACHINE;

  @TempDir
  Path dir;

  private final InMemoryLedger ledger = InMemoryLedger.withMachines(RUN, MACHINE);
  private IronLawWorld world;

  @BeforeEach
  void pulledRun() throws IOException {
    world = new IronLawWorld(dir, "account-a");
    world.jobWrites("step-1.ckpt", "weights at step 1");
    world.jobWrites("opt/optimizer.tmp", "optimizer state");
    world.pull(IronLawWorld.LOADS);
  }

  private VerificationEvidence verified() {
    return world.evidence(true);
  }

  private TeardownPlan destroyPlan(List<Billable> account, RecordingResourceActions actions) {
    return TeardownPlanner.plan(account, ledger, GOTCHAS, TeardownRequest.destroyEverythingOf(MACHINE), actions,
        actions::billables, world.platform.accountKey());
  }

  private StepOutcome destroyWith(VerificationEvidence evidence, RecordingResourceActions actions) {
    TeardownPlan plan = destroyPlan(actions.billables(), actions);
    StepOutcome o = plan.execute(Approvals.of(DESTROY), Optional.of(evidence)).outcome(DESTROY).orElseThrow();
    return o;
  }

  @Test
  void destroyIsRefusedWithoutAnApprovalAndNothingIsCalled() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.none(), Optional.of(verified()));

    StepOutcome destroy = report.outcome(DESTROY).orElseThrow();
    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("no approval names '" + DESTROY + "'").contains("Iron Law");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void destroyIsRefusedWithAnApprovalButWithoutVerifiedEvidence() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.of(DESTROY), Optional.empty());

    StepOutcome destroy = report.outcome(DESTROY).orElseThrow();
    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("no PULL_VERIFIED evidence");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void destroyRunsWithTheApprovalAndMatchingEvidenceAndOnlyTheApprovedStepRuns() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.of(DESTROY),
        Optional.of(verified()));

    assertThat(report.outcome(DESTROY).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
    assertThat(actions.calls()).containsExactly("destroyMachine " + MACHINE);
    assertThat(report.outcome("release-public-ip:" + IP).orElseThrow().status())
        .isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(report.outcome("delete-snapshot:" + SNAPSHOT).orElseThrow().status())
        .isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(report.residualMatchesPlan()).isTrue();
    assertThat(report.expectedResidual().items()).extracting(AuditItem::id).containsExactly(IP, SNAPSHOT);
  }

  @Test
  void anApprovalNamingAnotherStepDoesNotCount() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.of("release-public-ip:" + IP, "destroy-machine:psm2")
        .withReversibleSteps(), Optional.of(verified()));

    StepOutcome destroy = report.outcome(DESTROY).orElseThrow();
    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("approved ids that name no step of this plan: destroy-machine:psm2");
    StepOutcome release = report.outcome("release-public-ip:" + IP).orElseThrow();
    assertThat(release.status()).isEqualTo(StepOutcome.Status.SKIPPED);
    assertThat(release.detail()).contains("depends on " + DESTROY).contains("REFUSED");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void aStopRunsWithoutEvidenceBecauseItIsReversible() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS,
        TeardownRequest.stopOnly(MACHINE), actions, actions::billables, world.platform.accountKey());

    ExecutionReport report = plan.execute(Approvals.of(STOP), Optional.empty());

    assertThat(report.outcome(STOP).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
    assertThat(actions.calls()).containsExactly("stopMachine " + MACHINE);
    assertThat(report.residualMatchesPlan()).isTrue();
  }

  @Test
  void aStopNobodyAskedForIsSkippedNotRun() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS,
        TeardownRequest.stopOnly(MACHINE), actions, actions::billables, world.platform.accountKey());

    ExecutionReport report = plan.execute(Approvals.none(), Optional.empty());

    assertThat(report.outcome(STOP).orElseThrow().status()).isEqualTo(StepOutcome.Status.SKIPPED);
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void reversibleOnlyApprovalStopsButRefusesTheDestroyOfARunningMachine() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.of(verified()));

    assertThat(report.outcomes()).extracting(StepOutcome::stepId, StepOutcome::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(STOP, StepOutcome.Status.EXECUTED),
        org.assertj.core.groups.Tuple.tuple(DESTROY, StepOutcome.Status.REFUSED),
        org.assertj.core.groups.Tuple.tuple("release-public-ip:" + IP, StepOutcome.Status.SKIPPED),
        org.assertj.core.groups.Tuple.tuple("delete-snapshot:" + SNAPSHOT, StepOutcome.Status.SKIPPED));
    assertThat(actions.calls()).containsExactly("stopMachine " + MACHINE);
  }

  @Test
  void aFailedDestroyIsReportedAndTheStepsThatDependOnItAreSkipped() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"))
        .failing("destroyMachine " + MACHINE);
    TeardownPlan plan = destroyPlan(actions.billables(), actions);
    Approvals all = Approvals.of(plan.steps().stream().map(TeardownStep::id).toList());

    ExecutionReport report = plan.execute(all, Optional.of(verified()));

    assertThat(report.outcome(STOP).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
    StepOutcome destroy = report.outcome(DESTROY).orElseThrow();
    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.FAILED);
    assertThat(destroy.detail()).contains("simulated failure");
    assertThat(destroy.error()).isPresent();
    assertThat(report.outcome("release-public-ip:" + IP).orElseThrow().status())
        .isEqualTo(StepOutcome.Status.SKIPPED);
    assertThat(report.outcome("delete-snapshot:" + SNAPSHOT).orElseThrow().detail())
        .contains("depends on " + DESTROY + ", which was FAILED");
    assertThat(actions.calls()).containsExactly("stopMachine " + MACHINE, "destroyMachine " + MACHINE);
    assertThat(report.complete()).isFalse();
  }

  @Test
  void aSecondExecutionSkipsWhatTheFirstAlreadyRan() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);
    plan.execute(Approvals.reversibleOnly(), Optional.empty());

    Approvals all = Approvals.of(plan.steps().stream().map(TeardownStep::id).toList()).withReversibleSteps();
    ExecutionReport second = plan.execute(all, Optional.of(verified()));

    assertThat(second.outcome(STOP).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
    assertThat(second.outcome(STOP).orElseThrow().detail()).contains("earlier execute()");
    assertThat(actions.calls()).containsExactly("stopMachine " + MACHINE, "destroyMachine " + MACHINE,
        "releasePublicIp " + IP, "deleteSnapshot " + SNAPSHOT);
    assertThat(second.complete()).isTrue();
    assertThat(second.residualMatchesPlan()).isTrue();
    assertThat(second.actualResidual().isEmpty()).isTrue();
  }

  // ---- attacks on the evidence (issue 8) ----

  @Test
  void theFreshEvidenceOfACoveredMachineLetsTheApprovedDestroyRun() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    world.platform.state = MachineState.READY;

    StepOutcome destroy = destroyWith(verified(), actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.EXECUTED);
    assertThat(actions.calls()).containsExactly("destroyMachine " + MACHINE);
  }

  @Test
  void aCheckpointWrittenAfterThePullRefusesTheDestroyAndNamesIt() throws IOException {
    VerificationEvidence evidence = verified();
    world.jobWrites("step-100.pt", "weights at step 100");
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(evidence, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("active/t/step-100.pt").contains("pull again").contains("Iron Law");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void aSameSizeRewriteInExportRefusesTheDestroy() throws IOException {
    VerificationEvidence evidence = verified();
    Path exported = world.machineRoot.resolve("export/t/step-1.ckpt");
    Files.writeString(exported, "weights at step 2");
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(evidence, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("export/t/step-1.ckpt");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void aDeletedRemoteManifestLeavesTheBundleUnsealedAndRefusesTheDestroy() throws IOException {
    VerificationEvidence evidence = verified();
    Files.delete(world.machineRoot.resolve("export/t/PULL_MANIFEST.json"));
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(evidence, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("unsealed").contains("export/t/step-1.ckpt");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void aSecondJobRunIsSealedAsANewGenerationByTheNextPullAndOnlyThenCovered() throws IOException {
    world.jobWrites("step-200.pt", "weights at step 200");
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    assertThat(destroyWith(verified(), actions).status()).isEqualTo(StepOutcome.Status.REFUSED);

    world.pull(IronLawWorld.LOADS);

    assertThat(world.localRoot.resolve("export/t.2/step-200.pt")).hasContent("weights at step 200");
    assertThat(destroyWith(verified(), actions).status()).isEqualTo(StepOutcome.Status.EXECUTED);
  }

  @Test
  void evidenceHasNoPublicConstructorAndNoFactoryThatTakesDigests() {
    assertThat(VerificationEvidence.class.getConstructors()).isEmpty();
    assertThat(Modifier.isFinal(VerificationEvidence.class.getModifiers())).isTrue();
    assertThat(Arrays.stream(VerificationEvidence.class.getMethods())
        .filter(m -> Modifier.isStatic(m.getModifiers()) && m.getReturnType() == VerificationEvidence.class))
        .singleElement().satisfies(m -> assertThat(m.getName()).isEqualTo("collect"));
  }

  @Test
  void aLocalBundleForgedWithoutAVerifiedPullIsNotEvidence() throws IOException {
    Path forged = dir.resolve("forged/export/t");
    Files.createDirectories(forged);
    Files.writeString(forged.resolve("PULL_MANIFEST.json"), "{}");
    Files.writeString(forged.resolve("PULL_VERIFIED.json"), "{\"manifest_sha256\": \"deadbeef\"}");
    VerificationEvidence evidence = VerificationEvidence.collect(world.platform, MACHINE, RUN, dir.resolve("forged"),
        world.inventory(), true, world.clock);
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(evidence, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("does not re-hash").contains("pull again");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void evidenceOfAnotherAccountIsRefused() throws IOException {
    IronLawWorld other = new IronLawWorld(dir, "account-b");
    other.jobWrites("step-1.ckpt", "weights at step 1");
    other.pull(IronLawWorld.LOADS);
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(other.evidence(true), actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("another account");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void evidenceOfRunAIsRefusedOnRunBsMachine() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.oursAndUnknown("off"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS,
        TeardownRequest.nothing().alsoDelete(OTHER_MACHINE), actions, actions::billables, world.platform.accountKey());
    String destroyOther = "destroy-machine:" + OTHER_MACHINE;

    ExecutionReport report = plan.execute(Approvals.of(destroyOther).withReversibleSteps(), Optional.of(verified()));

    StepOutcome destroy = report.outcome(destroyOther).orElseThrow();
    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("evidence is for machine " + MACHINE).contains("not " + OTHER_MACHINE);
    assertThat(actions.calls()).doesNotContain("destroyMachine " + OTHER_MACHINE);
  }

  @Test
  void aPullWithVerifierNoneIsNotEvidenceAndTheRefusalSaysSo() throws IOException {
    IronLawWorld unloaded = new IronLawWorld(dir, "account-a-none");
    unloaded.jobWrites("step-1.ckpt", "weights");
    unloaded.pull(Verifier.NONE);
    assertThat(unloaded.localRoot.resolve("export/t/PULL_VERIFIED.json")).exists();
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = unloaded.destroyPlan(actions, ledger);

    StepOutcome destroy = plan.execute(Approvals.of(DESTROY), Optional.of(unloaded.evidence(true)))
        .outcome(DESTROY).orElseThrow();

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("Verifier.NONE").contains("not evidence");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void aLocalBundleCorruptedAfterThePullIsNotEvidence() throws IOException {
    Files.writeString(world.localRoot.resolve("export/t/step-1.ckpt"), "WEIGHTS AT STEP 1");
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(verified(), actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("sha256 mismatch for step-1.ckpt");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void aCorruptedLocalBundleRePulledWithARejectingVerifierIsNotReportedVerified() throws IOException {
    Files.writeString(world.localRoot.resolve("export/t/step-1.ckpt"), "WEIGHTS AT STEP 1");

    assertThatThrownBy(() -> world.pull(file -> Verifier.Verdict.reject("does not load")))
        .isInstanceOf(CheckpointVerificationException.class).hasMessageContaining("does not load");
  }

  @Test
  void anUnreachableRunningMachineIsRefusedAndTheRefusalSaysWhy() {
    VerificationEvidence evidence = verified();
    world.reachable = false;
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(evidence, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("cannot be inspected now").contains("connection refused");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void anOffMachineIsDestroyedOnlyWhenItsCoveredInventoryCameAfterTheJobAndItHasNotRunSince() {
    VerificationEvidence afterJob = verified();
    VerificationEvidence jobStillRunning = world.evidence(false);
    world.platform.state = MachineState.OFF;
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome whileRunning = destroyWith(jobStillRunning, actions);
    assertThat(whileRunning.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(whileRunning.detail()).contains("cannot be inspected now").contains("after the job ended");

    world.platform.lastPoweredOn = Optional.empty();
    assertThat(destroyWith(afterJob, actions).detail()).contains("events do not tell");

    world.platform.lastPoweredOn = Optional.of(Instant.parse("2026-11-30T05:00:00Z"));
    assertThat(destroyWith(afterJob, actions).detail()).contains("powered on at 2026-11-30T05:00:00Z");
    assertThat(actions.calls()).isEmpty();

    // A power-on the platform reports only now, though dated before the inventory, is not trusted (the host's clock
    // may run ahead of the platform's); the power-on it reported at the inventory, unchanged, is.
    world.platform.lastPoweredOn = Optional.of(Instant.parse("2026-11-30T03:00:00Z"));
    assertThat(destroyWith(afterJob, actions).detail()).contains("powered on at 2026-11-30T03:00:00Z");
    assertThat(actions.calls()).isEmpty();

    world.platform.lastPoweredOn = Optional.of(Instant.parse("2026-11-30T01:00:00Z"));
    assertThat(destroyWith(afterJob, actions).status()).isEqualTo(StepOutcome.Status.EXECUTED);
    assertThat(actions.calls()).containsExactly("destroyMachine " + MACHINE);
  }
}
