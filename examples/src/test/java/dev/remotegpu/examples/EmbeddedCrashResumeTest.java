package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Crash and resume at every verb on the embedded SSH host; a finished run; the job contract on a relaunch. */
class EmbeddedCrashResumeTest extends CrashResumeContract {
  private EmbeddedSshHost host;

  @Override
  CrashResumeWorld.Settings startHost(Path dir, PaperspaceSimulator simulator) {
    host = EmbeddedSshHost.builder().root(dir.resolve("machine")).build();
    return new CrashResumeWorld.Settings(simulator.baseUrl(), simulator.apiKey(), host.port(), host.user(),
        host.writeClientKey(dir.resolve("id_test")), host.writeKnownHosts(dir.resolve("known_hosts")),
        dir.resolve("host"), host.root().resolve("durable").toString());
  }

  @Override
  void stopHost() {
    host.close();
  }

  @Test
  void aFinishedRunSaysSoAndLaunchesNothing() throws Exception {
    release();
    PaperspacePlatform platform = CrashResumeWorld.platform(settings);
    try (RemoteRun run = CrashResumeWorld.run(platform, settings, RunListener.NONE).build()) {
      run.up();
      run.start();
      run.watch();
      run.pull();
      var plan = run.planDown();
      run.down(plan, Approvals.of(plan.steps().stream().map(dev.remotegpu.core.teardown.TeardownStep::id).toList()));
      assertThat(run.journal().finished()).as("journal %s", run.journal()).isTrue();
    }
    try (RemoteRun again = CrashResumeWorld.run(platform, settings, RunListener.NONE).build()) {
      int requests = simulator.requests().size();
      assertThatThrownBy(again::up).isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
      assertThat(simulator.requests()).hasSize(requests);
    }
  }

  @Test
  void aRelaunchAfterAVanishGetsTheContractWithTheNewestCheckpointAndTheNextLaunchNumber() throws Exception {
    // Launch 1 writes step-1 and a half-written step-2.ckpt.tmp, then hangs until killed; launch 2 records its
    // contract and exits 0.
    String script = """
        d=$REMOTEGPU_CHECKPOINT_DIR; mkdir -p "$d"
        printf 'run=%s dir=%s launch=%s resume=%s\\n' "$REMOTEGPU_RUN_ID" "$d" "$REMOTEGPU_LAUNCH" \
          "${REMOTEGPU_RESUME_FROM-none}" >> "$0/contract.log"
        [ "$REMOTEGPU_LAUNCH" = 2 ] && exit 0
        echo one > "$d/step-1.ckpt"; echo half > "$d/step-2.ckpt.tmp"
        sleep 30
        """;
    Path step1 = Path.of(settings.remoteRoot(), "active/ck/step-1.ckpt");
    RunListener killer = new RunListener() {
      @Override
      public void statusRead(dev.remotegpu.core.job.DetachedJob job, dev.remotegpu.core.job.JobStatus status) {
        if (status.isRunning() && Files.exists(step1)) {
          host.killJobs();
        }
      }
    };
    PaperspacePlatform platform = CrashResumeWorld.platform(settings);
    try (RemoteRun run = CrashResumeWorld.run(platform, settings, killer)
        .job(dev.remotegpu.core.job.JobSpec.builder(List.of("sh", "-c", script, settings.remoteRoot()))
            .stateDirectory(settings.remoteRoot() + "/jobs").build())
        .build()) {
      run.up();
      run.start();
      SupervisionResult result = run.watch();
      assertThat(result.succeeded()).as("%s", result).isTrue();
      String runId = run.journal().runId();
      String dirVar = settings.remoteRoot() + "/active/ck";
      assertThat(Files.readAllLines(Path.of(settings.remoteRoot(), "contract.log"))).containsExactly(
          "run=" + runId + " dir=" + dirVar + " launch=1 resume=none",
          "run=" + runId + " dir=" + dirVar + " launch=2 resume=" + dirVar + "/step-1.ckpt");
      assertThat(run.journal().launchCount()).isEqualTo(2);
      assertThat(run.journal().jobId()).contains(result.job().id());
    }
  }

}
