package dev.remotegpu.core.teardown;

import static dev.remotegpu.core.teardown.Accounts.GOTCHAS;
import static dev.remotegpu.core.teardown.Accounts.MACHINE;
import static dev.remotegpu.core.teardown.Accounts.RUN;
import static dev.remotegpu.core.teardown.Accounts.SNAPSHOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.MachineState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second round of attacks on the Iron Law through public API paths: evidence whose inventory cannot see the
 * bundles it claims to cover, a destroy racing a job that has not ended, and a snapshot whose machine is gone but
 * ran again after the covered inventory.
 */
class IronLawAttack2Test {

  private static final String DESTROY = "destroy-machine:" + MACHINE;
  private static final String DELETE_SNAPSHOT = "delete-snapshot:" + SNAPSHOT;

  @TempDir
  Path dir;

  private final InMemoryLedger ledger = InMemoryLedger.withMachines(RUN, MACHINE);
  private IronLawWorld world;

  @BeforeEach
  void pulledRun() throws IOException {
    world = new IronLawWorld(dir, "account-a");
    world.jobWrites("step-1.ckpt", "weights at step 1");
    world.pull(IronLawWorld.LOADS);
  }

  private StepOutcome destroyWith(VerificationEvidence evidence, RecordingResourceActions actions) {
    TeardownPlan plan = world.destroyPlan(actions, ledger);
    return plan.execute(Approvals.of(DESTROY), Optional.of(evidence)).outcome(DESTROY).orElseThrow();
  }

  /**
   * The durable root is not where the inventory looks (unmounted after a restart, a wrong root; ShellInventory
   * answers an empty listing for a root it cannot enter): the machine holds a checkpoint that was never pulled, but an
   * empty inventory has nothing uncovered.
   */
  @Test
  void anInventoryThatSeesNoneOfTheVerifiedBundlesIsNotCoverage() throws IOException {
    world.jobWrites("step-100.pt", "weights at step 100");
    VerificationEvidence blind = VerificationEvidence.collect(world.platform, MACHINE, RUN, world.localRoot,
        List::of, true, world.clock);
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(blind, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains(MACHINE).contains("none of").contains("PULL_MANIFEST.json")
        .contains("Iron Law");
    assertThat(actions.calls()).isEmpty();
  }

  /**
   * Bundles verified from another machine (here a second world standing for any directory the caller fills), paired
   * with an inventory that lists nothing: the checkpoints of this machine were never pulled.
   */
  @Test
  void bundlesPulledFromElsewhereWithAnEmptyInventoryAreNotEvidenceForThisMachine() throws IOException {
    IronLawWorld elsewhere = new IronLawWorld(dir, "elsewhere");
    elsewhere.jobWrites("forged.ckpt", "not this machine's weights");
    elsewhere.pull(IronLawWorld.LOADS);
    VerificationEvidence forged = VerificationEvidence.collect(world.platform, MACHINE, RUN, elsewhere.localRoot,
        List::of, true, world.clock);
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(forged, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("none of");
    assertThat(actions.calls()).isEmpty();
  }

  /**
   * The job still runs (the evidence was taken with {@code jobEnded=false}) and writes its next checkpoint just after
   * the inventory the gate takes: a destroy of the running machine would lose it.
   */
  @Test
  void aDestroyOfARunningMachineWhoseJobHasNotEndedIsRefused() {
    world.platform.state = MachineState.READY;
    DurableInventory honest = world.inventory();
    DurableInventory jobWritesRightAfter = () -> {
      List<DurableFile> now = honest.take();
      try {
        world.jobWrites("step-101.pt", "weights at step 101");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return now;
    };
    VerificationEvidence whileRunning = VerificationEvidence.collect(world.platform, MACHINE, RUN, world.localRoot,
        jobWritesRightAfter, false, world.clock);
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));

    StepOutcome destroy = destroyWith(whileRunning, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains(MACHINE).contains("job").contains("Iron Law");
    assertThat(actions.calls()).isEmpty();
  }

  /** The job had ended at the covered inventory, but the machine was powered on again since (a relaunch). */
  @Test
  void aDestroyOfARunningMachinePoweredOnAfterTheCoveredInventoryIsRefused() {
    world.platform.state = MachineState.READY;
    VerificationEvidence afterJob = world.evidence(true);
    world.platform.lastPoweredOn = Optional.of(Instant.parse("2026-11-30T05:00:00Z"));
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("ready"));

    StepOutcome destroy = destroyWith(afterJob, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("powered on at 2026-11-30T05:00:00Z");
    assertThat(actions.calls()).isEmpty();
  }

  /**
   * After the covered inventory the machine ran again (new checkpoints), a snapshot was taken and the machine was
   * destroyed elsewhere: the snapshot is the only copy of what was never pulled, and the old evidence must not
   * delete it just because its machine no longer exists.
   */
  @Test
  void aSnapshotOfAGoneMachineThatRanAfterTheCoveredInventoryIsNotDeleted() {
    VerificationEvidence afterJob = world.evidence(true);
    world.platform.lastPoweredOn = Optional.of(Instant.parse("2026-11-30T05:00:00Z"));
    world.platform.exists = false;
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = TeardownPlanner.plan(actions.billables(), ledger, GOTCHAS,
        TeardownRequest.nothing().alsoDelete(SNAPSHOT), actions, actions::billables, world.platform.accountKey());

    StepOutcome delete = plan.execute(Approvals.of(DELETE_SNAPSHOT), Optional.of(afterJob))
        .outcome(DELETE_SNAPSHOT).orElseThrow();

    assertThat(delete.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(delete.detail()).contains("powered on at 2026-11-30T05:00:00Z").contains(MACHINE);
    assertThat(actions.calls()).isEmpty();
  }

  /** The normal order still works: destroy the covered machine, then delete its snapshot in the same execution. */
  @Test
  void theCoveredMachineAndItsSnapshotAreStillTornDownInOneExecution() {
    VerificationEvidence afterJob = world.evidence(true);
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = world.destroyPlan(actions, ledger);
    world.platform.state = MachineState.READY;

    ExecutionReport report = plan.execute(Approvals.of(DESTROY, DELETE_SNAPSHOT), Optional.of(afterJob));

    assertThat(report.outcome(DESTROY).orElseThrow().status()).isEqualTo(StepOutcome.Status.EXECUTED);
    assertThat(actions.calls()).containsExactly("destroyMachine " + MACHINE, "deleteSnapshot " + SNAPSHOT);
  }

  /**
   * The launch ledger says the machine was launched for run-1; run-42 adopted it (RemoteRun.adopt) with its own
   * checkpoint root and pulled only its own checkpoints. run-42's evidence covers run-42's roots, not run-1's, so it
   * must not destroy run-1's machine.
   */
  @Test
  void anotherRunsEvidenceDoesNotDestroyAMachineTheLedgerGivesToRun1() {
    InMemoryLedger run1 = InMemoryLedger.withMachines("run-1", MACHINE);
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));
    TeardownPlan plan = world.destroyPlan(actions, run1);

    StepOutcome destroy = plan.execute(Approvals.of(DESTROY), Optional.of(world.evidence(true)))
        .outcome(DESTROY).orElseThrow();

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("run-1").contains(RUN).contains(MACHINE).contains("Iron Law");
    assertThat(actions.calls()).isEmpty();
  }

  /**
   * The host's clock runs ahead of the platform's (a simulated or skewed clock: RemoteRun takes any clock): the
   * covered inventory is stamped 2030, so a power-on the platform dates after the inventory, but before 2030, looked
   * earlier than it. The gate must notice that the platform's last power-on changed since the inventory.
   */
  @Test
  void aHostClockAheadOfThePlatformDoesNotHideAPowerOnAfterTheInventory() {
    world.clock = java.time.Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    VerificationEvidence afterJob = world.evidence(true);
    world.platform.lastPoweredOn = Optional.of(Instant.parse("2026-11-30T05:00:00Z"));
    world.platform.state = MachineState.OFF;
    RecordingResourceActions actions = new RecordingResourceActions(Accounts.ours("off"));

    StepOutcome destroy = destroyWith(afterJob, actions);

    assertThat(destroy.status()).isEqualTo(StepOutcome.Status.REFUSED);
    assertThat(destroy.detail()).contains("powered on at 2026-11-30T05:00:00Z");
    assertThat(actions.calls()).isEmpty();
  }
}
