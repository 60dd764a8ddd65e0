package dev.remotegpu.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A user's first test, as the README's recipe writes it: a whole run on the simulator, in memory and on loopback. */
@ExtendWith(SimulatedPaperspaceExtension.class)
class SimulatedPaperspaceExtensionTest {

  @Test
  void aOneSecondJobRunsUpToTheVerifiedPullAndTheApprovedDestroyWithoutWritingUnderHome(SimulatedPaperspace paperspace,
      @TempDir Path dir) {
    String home = System.getProperty("user.home");
    Path fakeHome = dir.resolve("home");
    System.setProperty("user.home", fakeHome.toString());
    long start = System.nanoTime();
    try {
      String checkpoints = paperspace.remoteRoot() + "/active/first";
      JobSpec job = JobSpec.of("sh", "-c", "sleep 1; mkdir -p \"$0\"; echo step=1 > \"$0/step-1.ckpt\"", checkpoints);
      try (RemoteRun run = paperspace.run()
          .job(job)
          .checkpoints(paperspace.remoteRoot(), dir.resolve("pulled"), "first")
          .verifier(file -> file.toFile().length() > 0 ? Verifier.Verdict.accept() : Verifier.Verdict.reject("empty"))
          .build()) {
        String id = run.up().id();
        run.start();
        assertThat(run.watch().succeeded()).isTrue();
        assertThat(run.pull().verified()).isPresent();
        ExecutionReport report = run.down(run.planDown(), Approvals.reversibleOnly().and("destroy-machine:" + id));
        assertThat(report.outcome("destroy-machine:" + id).orElseThrow().status())
            .isEqualTo(StepOutcome.Status.EXECUTED);
      }
      assertThat(dir.resolve("pulled")).isDirectoryRecursivelyContaining("glob:**/step-1.ckpt")
          .isDirectoryRecursivelyContaining("glob:**/PULL_VERIFIED.json");
      assertThat(paperspace.simulator().account().machines()).isEmpty();
    } finally {
      System.setProperty("user.home", home);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // A figure, not an assertion (a loaded CI machine must not fail it): about 4 s on an idle 2-core machine.
    System.out.println("first simulated run took " + took.toMillis() + " ms");
    // The platform's launch ledger is in memory: nothing was written under the user's home.
    assertThat(fakeHome).doesNotExist();
  }

  @Test
  void aListenerThatThrowsOnEveryEventNeitherStopsTheRunNorSilencesTheLog(SimulatedPaperspace paperspace,
      @TempDir Path dir) {
    RunListener broken = new RunListener() {
      @Override
      public void phase(String verb, String detail) {
        throw new IllegalStateException("a broken progress bar");
      }

      @Override
      public void machineUp(Machine machine) {
        throw new IllegalStateException("a broken progress bar");
      }
    };
    try (RemoteRun run = paperspace.run()
        .job(JobSpec.of("true"))
        .checkpoints(paperspace.remoteRoot(), dir, "x")
        .verifier(Verifier.NONE)
        .listener(broken)
        .build()) {
      assertThat(run.up().state()).isEqualTo(MachineState.READY);
    }
  }
}
