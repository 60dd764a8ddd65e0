package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attack on the Iron Law through a resumed run: a new host process resumes the run directory while the job the
 * first process started still runs, pulls, and tears down without re-attaching the job. The evidence must not claim
 * the job had ended (it would let a stop-then-destroy through on an inventory the running job can outdate).
 */
class IronLawResumedRunAttackTest {
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
}
