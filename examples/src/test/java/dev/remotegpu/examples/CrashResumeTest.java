package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunJournal;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host program dies ({@code Runtime.halt} in a child JVM) at each verb; this process then builds a RemoteRun
 * on the same run directory and finishes the run on the same machine, with one job launch per needed launch.
 */
class CrashResumeTest {
  @TempDir
  Path dir;

  private PaperspaceSimulator simulator;
  private EmbeddedSshHost host;
  private CrashResumeWorld.Settings settings;

  @BeforeEach
  void startWorld() throws Exception {
    simulator = PaperspaceSimulator.builder().transitionDelay(Duration.ofMillis(50)).build().start();
    host = EmbeddedSshHost.builder().root(dir.resolve("machine")).build();
    Files.createDirectories(dir.resolve("code"));
    Files.writeString(dir.resolve("code/train.py"), "print('train')\n");
    settings = new CrashResumeWorld.Settings(simulator.baseUrl(), simulator.apiKey(), host.port(), host.user(),
        host.writeClientKey(dir.resolve("id_test")), host.writeKnownHosts(dir.resolve("known_hosts")),
        dir.resolve("host"), host.root().resolve("durable").toString());
    Files.createDirectories(settings.dir());
    Files.copy(dir.resolve("code/train.py"), Files.createDirectories(settings.dir().resolve("code"))
        .resolve("train.py"));
  }

  @AfterEach
  void stopWorld() {
    host.close();
    simulator.close();
  }

  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(strings = {"up", "push", "start", "watch", "pull"})
  void aHostKilledAtAVerbIsResumedByANewProcessOnTheSameMachineWithoutASecondJob(String verb) throws Exception {
    crashChildAt(verb);
    RunJournal before = RunJournal.read(settings.dir().resolve("run"));

    PaperspacePlatform platform = CrashResumeWorld.platform(settings);
    List<String> phases = new ArrayList<>();
    RunListener phaseLog = new RunListener() {
      @Override
      public void phase(String v, String detail) {
        phases.add(v + ": " + detail);
      }
    };
    try (RemoteRun run = CrashResumeWorld.run(platform, settings, phaseLog).build()) {
      assertThat(run.journal().runId()).isEqualTo(before.runId());
      String machineId = run.up().id();
      assertThat(simulator.account().machines()).as("machines in the account").singleElement()
          .satisfies(m -> assertThat(m.id()).isEqualTo(machineId));
      assertThat(run.push(settings.dir().resolve("code"), settings.remoteRoot() + "/code"))
          .as("files sent again").isEqualTo(verb.equals("up") ? 1 : 0);
      run.start();
      SupervisionResult watched = run.watch();
      assertThat(watched.succeeded()).as("job result %s", watched).isTrue();
      SyncResult pulled = run.pull();
      assertThat(pulled.verified()).isPresent();

      RunJournal journal = RunJournal.read(run.runDirectory());
      assertThat(journal.machineId()).contains(machineId);
      assertThat(journal.launchCount()).as("job launches").isEqualTo(1);
      assertThat(jobDirectories()).as("job directories on the machine").hasSize(1);
      assertThat(Files.readAllLines(Path.of(settings.remoteRoot(), "contract.log")))
          .singleElement().satisfies(l -> assertThat(l).isEqualTo("run=" + journal.runId() + " launch=1 resume=none"));
      assertThat(journal.lastVerifiedPull()).hasValueSatisfying(p -> assertThat(p.files()).isEqualTo(4));
      if (!verb.equals("up") && !verb.equals("push")) {
        assertThat(phases).anyMatch(p -> p.startsWith("start: re-attached job " + before.jobId().orElseThrow()));
      }
    }
  }

  @Test
  void aFinishedRunSaysSoAndLaunchesNothing() throws Exception {
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

  private List<Path> jobDirectories() throws Exception {
    try (Stream<Path> jobs = Files.list(Path.of(settings.remoteRoot(), "jobs"))) {
      return jobs.filter(Files::isDirectory).toList();
    }
  }

  private void crashChildAt(String verb) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CrashResumeWorld.class.getName()));
    command.addAll(settings.args());
    command.add(verb);
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("the child halted at %s; its output:%n%s", verb,
        new String(output, StandardCharsets.UTF_8)).isEqualTo(CrashResumeWorld.HALTED);
  }
}
