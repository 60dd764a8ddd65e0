package dev.remotegpu.core.teardown;

import static dev.remotegpu.core.teardown.Accounts.GOTCHAS;
import static dev.remotegpu.core.teardown.Accounts.IP;
import static dev.remotegpu.core.teardown.Accounts.MACHINE;
import static dev.remotegpu.core.teardown.Accounts.RUN;
import static dev.remotegpu.core.teardown.Accounts.SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.Billable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IronLawGateTest {

  private static final String MANIFEST = "a".repeat(64);
  private static final String OTHER_MANIFEST = "b".repeat(64);
  private static final String DESTROY = "destroy-machine:" + MACHINE;
  private static final String STOP = "stop-machine:" + MACHINE;

  private final InMemoryLedger ledger = InMemoryLedger.withMachines(RUN, MACHINE);

  private static VerificationEvidence evidence(String verified, String current, long files) {
    return VerificationEvidence.fromPullVerified(RUN, verified, Instant.parse("2026-11-28T20:00:00Z"), files,
        4096, current);
  }

  private TeardownPlan destroyPlan(List<Billable> account, RecordingResourceActions actions) {
    return TeardownPlanner.plan(account, ledger, GOTCHAS, TeardownRequest.destroyEverythingOf(MACHINE), actions,
        actions::billables);
  }

  @Test
  void destroyIsRefusedWithoutAnApprovalAndNothingIsCalled() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.none(), Optional.of(evidence(MANIFEST, MANIFEST, 3)));

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
  void destroyIsRefusedWhenTheEvidenceBelongsToAnotherManifest() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.of(DESTROY),
        Optional.of(evidence(OTHER_MANIFEST, MANIFEST, 3)));

    StepOutcome destroy = report.outcome(DESTROY).orElseThrow();
    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("is for manifest bbbbbbbbbbbb").contains("current manifest is aaaaaaaaaaaa");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void destroyIsRefusedWhenTheEvidenceVerifiedNoFiles() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.of(DESTROY), Optional.of(evidence(MANIFEST, MANIFEST, 0)));

    assertThat(report.outcome(DESTROY).orElseThrow().detail()).contains("verified no files");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void destroyRunsWithTheApprovalAndMatchingEvidenceAndOnlyTheApprovedStepRuns() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.of(DESTROY),
        Optional.of(evidence(MANIFEST, MANIFEST.toUpperCase(java.util.Locale.ROOT), 3)));

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
  void evidenceBuiltFromThePullVerifiedTextFieldsMatchesOnlyItsOwnManifest() {
    VerificationEvidence same = VerificationEvidence.fromPullVerified(RUN, MANIFEST, "2026-11-28T20:00:00+00:00",
        3, 4096, MANIFEST);
    VerificationEvidence other = VerificationEvidence.fromPullVerified(RUN, MANIFEST, "2026-11-28T20:00:00Z",
        3, 4096, OTHER_MANIFEST);

    assertThat(same.matchesCurrentManifest()).isTrue();
    assertThat(same.verifiedAt()).isEqualTo(Instant.parse("2026-11-28T20:00:00Z"));
    assertThat(other.matchesCurrentManifest()).isFalse();
    assertThat(other.mismatch()).hasValueSatisfying(m -> assertThat(m).contains("pull and verify"));
  }

  @Test
  void anApprovalNamingAnotherStepDoesNotCount() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.of("release-public-ip:" + IP, "destroy-machine:psm2")
        .withReversibleSteps(), Optional.of(evidence(MANIFEST, MANIFEST, 3)));

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
        TeardownRequest.stopOnly(MACHINE), actions, actions::billables);

    ExecutionReport report = plan.execute(Approvals.of(STOP), Optional.empty());

    assertThat(report.outcome(STOP).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
    assertThat(actions.calls()).containsExactly("stopMachine " + MACHINE);
    assertThat(report.residualMatchesPlan()).isTrue();
  }

  @Test
  void aStopNobodyAskedForIsSkippedNotRun() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS,
        TeardownRequest.stopOnly(MACHINE), actions, actions::billables);

    ExecutionReport report = plan.execute(Approvals.none(), Optional.empty());

    assertThat(report.outcome(STOP).orElseThrow().status()).isEqualTo(StepOutcome.Status.SKIPPED);
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void reversibleOnlyApprovalStopsButRefusesTheDestroyOfARunningMachine() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = destroyPlan(actions.billables(), actions);

    ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.of(evidence(MANIFEST, MANIFEST, 3)));

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

    ExecutionReport report = plan.execute(all, Optional.of(evidence(MANIFEST, MANIFEST, 3)));

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
    ExecutionReport second = plan.execute(all, Optional.of(evidence(MANIFEST, MANIFEST, 3)));

    assertThat(second.outcome(STOP).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
    assertThat(second.outcome(STOP).orElseThrow().detail()).contains("earlier execute()");
    assertThat(actions.calls()).containsExactly("stopMachine " + MACHINE, "destroyMachine " + MACHINE,
        "releasePublicIp " + IP, "deleteSnapshot " + SNAPSHOT);
    assertThat(second.complete()).isTrue();
    assertThat(second.residualMatchesPlan()).isTrue();
    assertThat(second.actualResidual().isEmpty()).isTrue();
  }
}
