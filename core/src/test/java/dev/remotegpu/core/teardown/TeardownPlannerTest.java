package dev.remotegpu.core.teardown;

import static dev.remotegpu.core.teardown.Accounts.DISK;
import static dev.remotegpu.core.teardown.Accounts.GOTCHAS;
import static dev.remotegpu.core.teardown.Accounts.IP;
import static dev.remotegpu.core.teardown.Accounts.MACHINE;
import static dev.remotegpu.core.teardown.Accounts.OTHER_DISK;
import static dev.remotegpu.core.teardown.Accounts.OTHER_IP;
import static dev.remotegpu.core.teardown.Accounts.OTHER_MACHINE;
import static dev.remotegpu.core.teardown.Accounts.RUN;
import static dev.remotegpu.core.teardown.Accounts.SHARED;
import static dev.remotegpu.core.teardown.Accounts.SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.ValidationException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeardownPlannerTest {

  @TempDir
  Path dir;

  private final InMemoryLedger ledger = InMemoryLedger.withMachines(RUN, MACHINE);
  private IronLawWorld world;
  private VerificationEvidence verified;

  @BeforeEach
  void pulledRun() throws java.io.IOException {
    world = new IronLawWorld(dir, "account-a");
    world.jobWrites("step-1.ckpt", "weights at step 1");
    world.pull(IronLawWorld.LOADS);
    verified = world.evidence(true);
  }

  private TeardownPlan plan(RecordingResourceActions actions, TeardownRequest request) {
    return TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS, request, actions, actions::billables,
        world.platform.accountKey());
  }

  private static Approvals everyStepOf(TeardownPlan plan) {
    return Approvals.of(plan.steps().stream().map(TeardownStep::id).toList());
  }

  @Test
  void theResidualOfAStopOnlyPlanListsTheIpTheBlockStorageAndTheSnapshotWithTheirMonthlyCosts() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = plan(actions, TeardownRequest.stopOnly(MACHINE));

    Audit residual = plan.residual();

    assertThat(residual.items()).extracting(AuditItem::id, i -> i.perMonth().toDisplayString(), i -> i.gotchaId())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(DISK, "$10.00", Optional.of("PS1")),
            org.assertj.core.groups.Tuple.tuple(IP, "$3.00", Optional.of("PS1")),
            org.assertj.core.groups.Tuple.tuple(SNAPSHOT, "$14.50", Optional.of("PS9")));
    assertThat(residual.perMonth()).isEqualByComparingTo(Money.usd("27.50"));
    assertThat(plan.steps()).extracting(TeardownStep::id).containsExactly("stop-machine:" + MACHINE);
    assertThat(plan.steps().get(0).endsPerMonth()).isEqualByComparingTo(Money.usd("554.80"));
    assertThat(residual.render()).contains("$3.00").contains("$0.0045").contains("PS1").contains("$27.50");
  }

  @Test
  void theStaticIpCostsItsMonthlyCapNotSevenHundredThirtyHours() {
    Audit audit = Audit.of(Accounts.ours("ready"), ledger, GOTCHAS);

    AuditItem ip = audit.item(IP).orElseThrow();

    assertThat(ip.perHour()).isEqualByComparingTo(Money.usd("0.0045"));
    assertThat(ip.perMonth()).isEqualByComparingTo(Money.usd("3.00"));
    assertThat(audit.perMonth()).isEqualByComparingTo(Money.usd("582.30"));
  }

  @Test
  void resourcesNotInTheLedgerAreReportedUnknownAndNoStepTouchesThem() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.oursAndUnknown("ready"));
    TeardownPlan plan = plan(actions, TeardownRequest.destroyEverythingOfRun(RUN));

    assertThat(plan.audit().unknown().items()).extracting(AuditItem::id)
        .containsExactly(OTHER_MACHINE, OTHER_DISK, OTHER_IP, SHARED);
    assertThat(plan.audit().ours().items()).extracting(AuditItem::id).containsExactly(MACHINE, DISK, IP, SNAPSHOT);
    assertThat(plan.audit().item(OTHER_DISK).orElseThrow().ownershipReason()).contains("not in the launch ledger");
    Set<String> unknownIds = Set.of(OTHER_MACHINE, OTHER_DISK, OTHER_IP, SHARED);
    for (TeardownStep step : plan.steps()) {
      assertThat(unknownIds).doesNotContain(step.target().id());
      assertThat(step.ends()).extracting(Billable::id).doesNotContainAnyElementsOf(unknownIds);
    }
    assertThat(plan.untouchedUnknown()).extracting(AuditItem::id).containsExactlyElementsOf(
        List.of(OTHER_MACHINE, OTHER_DISK, OTHER_IP, SHARED));
    assertThat(plan.residual().items()).extracting(AuditItem::id)
        .containsExactly(OTHER_MACHINE, OTHER_DISK, OTHER_IP, SHARED);

    ExecutionReport report = plan.execute(everyStepOf(plan).withReversibleSteps(), Optional.of(verified));

    assertThat(actions.calls()).containsExactly("stopMachine " + MACHINE, "destroyMachine " + MACHINE,
        "releasePublicIp " + IP, "deleteSnapshot " + SNAPSHOT);
    assertThat(report.residualMatchesPlan()).isTrue();
    assertThat(report.actualResidual().items()).extracting(AuditItem::id)
        .containsExactly(OTHER_MACHINE, OTHER_DISK, OTHER_IP, SHARED);
    assertThat(plan.render()).contains("NOT TOUCHED").contains(OTHER_IP);
  }

  @Test
  void namingAnUnknownResourceByIdPutsItAndOnlyItInThePlan() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.oursAndUnknown("ready"));
    TeardownPlan plan = plan(actions, TeardownRequest.destroyEverythingOfRun(RUN).alsoDelete(OTHER_IP));

    TeardownStep release = plan.step("release-public-ip:" + OTHER_IP).orElseThrow();
    assertThat(release.reversible()).isFalse();
    assertThat(release.preconditions()).contains("NOT in the launch ledger");
    assertThat(release.endsPerMonth()).isEqualByComparingTo(Money.usd("3.00"));
    assertThat(plan.untouchedUnknown()).extracting(AuditItem::id).containsExactly(OTHER_MACHINE, OTHER_DISK, SHARED);

    plan.execute(Approvals.of("release-public-ip:" + OTHER_IP), Optional.of(verified));
    assertThat(actions.calls()).containsExactly("releasePublicIp " + OTHER_IP);
  }

  @Test
  void stepsRunStopThenDestroyThenReleaseThenDurableDataLast() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.oursAndUnknown("ready"));
    TeardownPlan plan = plan(actions, TeardownRequest.destroyEverythingOf(MACHINE).alsoDelete(SHARED));

    assertThat(plan.steps()).extracting(TeardownStep::id).containsExactly("stop-machine:" + MACHINE,
        "destroy-machine:" + MACHINE, "release-public-ip:" + IP, "delete-snapshot:" + SNAPSHOT,
        "delete-shared-storage:" + SHARED);
    assertThat(plan.steps()).extracting(TeardownStep::reversible).containsExactly(true, false, false, false, false);
    TeardownStep destroy = plan.step("destroy-machine:" + MACHINE).orElseThrow();
    assertThat(destroy.ends()).extracting(Billable::id).containsExactly(DISK);
    assertThat(destroy.endsPerMonth()).isEqualByComparingTo(Money.usd("10.00"));
    assertThat(destroy.preconditions()).contains("removes its block storage (" + DISK + " 100 GB)");
    assertThat(plan.step("delete-snapshot:" + SNAPSHOT).orElseThrow().dependsOn())
        .containsExactly("destroy-machine:" + MACHINE);
    assertThat(plan.audit().perMonth())
        .isEqualByComparingTo(plan.residual().perMonth().plus(plan.endsPerMonth()));
  }

  @Test
  void destroyEverythingOfARunAlsoCleansTheOrphanSnapshotOfAnAlreadyDestroyedMachine() {
    List<Billable> orphan = Accounts.ours("off").stream()
        .filter(b -> b.kind() == BillableKind.SNAPSHOT).toList();
    RecordingResourceActions actions = new RecordingResourceActions(orphan);
    TeardownPlan plan = plan(actions, TeardownRequest.destroyEverythingOfRun(RUN));

    assertThat(plan.steps()).extracting(TeardownStep::id).containsExactly("delete-snapshot:" + SNAPSHOT);
    assertThat(plan.steps().get(0).dependsOn()).isEmpty();
    assertThat(plan.steps().get(0).preconditions()).contains("PS9");
  }

  @Test
  void destroyingEverythingOfAMachineThatIsNotOursIsRefusedAtPlanTime() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.oursAndUnknown("ready"));

    assertThatThrownBy(() -> plan(actions, TeardownRequest.destroyEverythingOf(OTHER_MACHINE)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("machine " + OTHER_MACHINE + " is not in the launch ledger");
    assertThat(actions.calls()).isEmpty();
  }

  @Test
  void unknownIdsAndBlockStorageNamedAloneAreRefusedWithEveryIssue() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.oursAndUnknown("ready"));

    assertThatThrownBy(() -> plan(actions, TeardownRequest.stopOnly("psm-nope").alsoDelete(OTHER_DISK, "snap-nope")))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.issues())
            .extracting(ValidationException.Issue::message)
            .anySatisfy(m -> assertThat(m).contains("no machine psm-nope"))
            .anySatisfy(m -> assertThat(m).contains("no resource snap-nope"))
            .anySatisfy(m -> assertThat(m).contains("name the machine instead")));
  }

  @Test
  void theReauditShowsTheIpThatTheDestroyFailedToRemove() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready")).silentlyKeeping(IP);
    TeardownPlan plan = plan(actions, TeardownRequest.destroyEverythingOf(MACHINE));

    ExecutionReport report = plan.execute(everyStepOf(plan).withReversibleSteps(), Optional.of(verified));

    assertThat(report.withStatus(StepOutcome.Status.EXECUTED)).hasSize(4);
    assertThat(report.residualMatchesPlan()).isFalse();
    assertThat(report.differences()).singleElement().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(ResidualDifference.Kind.STILL_BILLING);
      assertThat(d.resourceId()).isEqualTo(IP);
      assertThat(d.actualPerMonth()).contains(Money.usd("3.00"));
      assertThat(d.explanation()).contains("release-public-ip:" + IP).contains("PS1");
    });
    assertThat(report.actualResidual().items()).extracting(AuditItem::id).containsExactly(IP);
    assertThat(report.render()).contains("DIFFERS").contains(IP);
  }

  @Test
  void aFailingReauditIsReportedAsAMismatchNotThrown() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS,
        TeardownRequest.stopOnly(MACHINE), actions, () -> {
          throw new IllegalStateException("account listing timed out");
        });

    ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.empty());

    assertThat(report.residualMatchesPlan()).isFalse();
    assertThat(report.reauditFailure()).hasValueSatisfying(f -> assertThat(f).contains("timed out"));
    assertThat(report.render()).contains("RE-AUDIT FAILED");
  }

  /** Attack: a failed re-audit cited one platform's gotchas ("PS1, PS9") whatever the platform; now the profile's. */
  @Test
  void aFailingReauditCitesThePlatformsOwnGotchas() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger,
        kind -> kind == BillableKind.MACHINE ? Optional.of("T1") : Optional.empty(),
        TeardownRequest.stopOnly(MACHINE), actions, () -> {
          throw new IllegalStateException("account listing timed out");
        });

    ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.empty());

    assertThat(report.reauditFailure()).hasValueSatisfying(f -> assertThat(f).endsWith("(T1)").doesNotContain("PS"));
  }

  @Test
  void aResourceThatAppearedSinceThePlanIsListedAsNew() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS,
        TeardownRequest.stopOnly(MACHINE), actions, () -> {
          List<Billable> now = new java.util.ArrayList<>(actions.billables());
          now.add(Accounts.unknown().get(2));
          return now;
        });

    ExecutionReport report = plan.execute(Approvals.reversibleOnly(), Optional.empty());

    assertThat(report.differences()).extracting(ResidualDifference::kind, ResidualDifference::resourceId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(ResidualDifference.Kind.NEW_BILLABLE, OTHER_IP));
  }

  @Test
  void theRenderedPlanAlignsItsColumnsAndShowsWhatStillBills() {
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.oursAndUnknown("ready"));
    TeardownPlan plan = plan(actions, TeardownRequest.stopOnly(MACHINE));

    String text = plan.render();

    assertThat(text).contains("TEARDOWN PLAN (1 steps: 1 reversible, 0 irreversible)")
        .contains("stop-machine:" + MACHINE).contains("STILL BILLING after the plan");
    List<String> auditLines = plan.audit().render().lines().skip(1).toList();
    int monthColumnEnd = auditLines.get(0).indexOf("$/MONTH") + "$/MONTH".length();
    assertThat(auditLines).allSatisfy(line -> assertThat(line.length()).isGreaterThanOrEqualTo(monthColumnEnd));
    assertThat(auditLines.stream().filter(l -> !l.startsWith("  KIND"))
        .map(l -> l.charAt(monthColumnEnd - 1))).allSatisfy(c -> assertThat(Character.isDigit(c)).isTrue());
  }
}
