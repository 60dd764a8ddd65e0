package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.paperspace.internal.PaperspaceClient;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.paperspace.SimSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the Iron Law through a run and the platform's public pieces. A resumed run: a new host process resumes
 * the run directory while the job the first process started still runs, pulls, and tears down without re-attaching
 * the job; the evidence must not claim the job had ended (it would let a stop-then-destroy through on an inventory
 * the running job can outdate). Relabelled billables: the public {@code PaperspaceTeardown.plan} (public because the
 * platform calls it from another package) took the billables from its caller, whose list could say that a snapshot
 * (here an orphan of a machine that is gone) was made of the covered machine, and that machine's evidence then let
 * a real delete of it through; the plan now lists the account itself, so the snapshot is gated on its own machine.
 */
class IronLawRunAttackTest {
  @TempDir
  Path dir;

  private HeldJobWorld world;
  private PaperspaceSimulator simulator;

  @BeforeEach
  void startWorld() {
    world = new HeldJobWorld(dir, LaunchLedgers.inMemory());
    simulator = world.simulator;
  }

  @AfterEach
  void stopWorld() throws Exception {
    world.close();
  }

  private Path remoteRoot() {
    return world.remoteRoot();
  }

  /** The same run as each host process describes it: a job that writes step 1, then runs until released. */
  private RemoteRun describe() {
    return world.describe(HeldJobWorld.request().runId("r"), "jobs-r").build();
  }

  @Test
  void aResumedRunThatDidNotReattachItsRunningJobDoesNotClaimTheJobEnded() throws Exception {
    try (RemoteRun first = describe()) {
      first.up();
      first.start();
      Path written = remoteRoot().resolve("active/r/step-1.ckpt");
      for (int i = 0; i < 200 && !Files.exists(written); i++) {
        Thread.sleep(25);
      }
      assertThat(written).exists();
    }
    try (RemoteRun resumed = describe()) {
      resumed.up();
      assertThat(resumed.pull().verified()).isPresent();
      String destroy = "destroy-machine:" + resumed.machine().id();

      ExecutionReport report = resumed.down(resumed.planDown(), Approvals.reversibleOnly().and(destroy));

      StepOutcome outcome = report.outcome(destroy).orElseThrow();
      assertThat(outcome.status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(outcome.detail()).contains("after the job ended");
      assertThat(simulator.account().machines()).hasSize(1);
    }
  }

  @Test
  void aRunWhoseHostDiedBeforeRecordingTheJobsStartDoesNotClaimTheJobEnded() throws Exception {
    try (RemoteRun dying = world.describe(HeldJobWorld.request().runId("r"), "jobs-r")
        .access(new DiesAfterJobStart(world.access())).build()) {
      dying.up();
      assertThat(catchThrowable(dying::start)).isInstanceOf(DiesAfterJobStart.HostKilled.class);
    }
    Path written = remoteRoot().resolve("active/r/step-1.ckpt");
    for (int i = 0; i < 200 && !Files.exists(written); i++) {
      Thread.sleep(25);
    }
    assertThat(written).exists();
    // Before the fix: the journal named no job, so the evidence said the job had ended while it still ran and could
    // write a checkpoint the pull had not seen; the destroy went through.
    try (RemoteRun resumed = describe()) {
      resumed.up();
      assertThat(resumed.pull().verified()).isPresent();
      String destroy = "destroy-machine:" + resumed.machine().id();

      ExecutionReport report = resumed.down(resumed.planDown(), Approvals.reversibleOnly().and(destroy));

      StepOutcome outcome = report.outcome(destroy).orElseThrow();
      assertThat(outcome.status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(outcome.detail()).contains("after the job ended");
      assertThat(simulator.account().machines()).hasSize(1);
    }
  }

  @Test
  void aSnapshotRelabelledAsTheCoveredMachinesIsNotDeletedOnItsEvidence() throws Exception {
    try (RemoteRun run = describe()) {
      run.up();
      run.start();
      Files.createDirectories(remoteRoot());
      Files.writeString(remoteRoot().resolve("release"), "");
      assertThat(run.watch().succeeded()).isTrue();
      assertThat(run.pull().verified()).isPresent();
      String covered = run.machine().id();
      SimSnapshot colleagues = simulator.account().addSnapshot(Optional.empty(), "colleague", 50);
      PaperspaceClient client = new PaperspaceClient(simulator.apiKey(), HttpUrl.get(simulator.baseUrl()),
          new OkHttpClient(), 1, Duration.ofMillis(10), Duration.ofMillis(10));
      String delete = "delete-snapshot:" + colleagues.id();

      ExecutionReport report = PaperspaceTeardowns.plan(client, world.platform,
          TeardownRequest.nothing().alsoDelete(colleagues.id()))
          .execute(Approvals.of(delete), run.evidence());

      StepOutcome outcome = report.outcome(delete).orElseThrow();
      assertThat(outcome.status()).isEqualTo(StepOutcome.Status.REFUSED);
      assertThat(outcome.detail()).contains("evidence is for machine " + covered);
      assertThat(simulator.account().snapshots()).extracting(SimSnapshot::id).contains(colleagues.id());
    }
  }
}
