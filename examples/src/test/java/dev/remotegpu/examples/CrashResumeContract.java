package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunJournal;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host program dies ({@code Runtime.halt} in a child JVM) at each verb; this process then builds a RemoteRun
 * on the same run directory and finishes the run on the same machine, with one job launch per needed launch.
 * Subclasses provide the SSH host: the embedded one, or the real OpenSSH daemon.
 */
abstract class CrashResumeContract {
  @TempDir
  Path dir;

  PaperspaceSimulator simulator;
  CrashResumeWorld.Settings settings;

  /** Starts the SSH host and returns its settings for this world (simulator already running). */
  abstract CrashResumeWorld.Settings startHost(Path dir, PaperspaceSimulator simulator) throws Exception;

  abstract void stopHost();

  @BeforeEach
  void startWorld() throws Exception {
    simulator = PaperspaceSimulator.builder().transitionDelay(Duration.ofMillis(50)).build().start();
    settings = startHost(dir, simulator);
    Files.createDirectories(settings.dir());
    Files.writeString(Files.createDirectories(settings.dir().resolve("code")).resolve("train.py"),
        "print('train')\n");
  }

  @AfterEach
  void stopWorld() {
    stopHost();
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

  List<Path> jobDirectories() throws Exception {
    try (Stream<Path> jobs = Files.list(Path.of(settings.remoteRoot(), "jobs"))) {
      return jobs.filter(Files::isDirectory).toList();
    }
  }

  void crashChildAt(String verb) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CrashResumeWorld.class.getName()));
    command.addAll(settings.args());
    command.add(verb);
    if (verb.equals("pull")) {
      release(); // the child must see the job end before it can pull; for the other verbs it dies first
    }
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("the child halted at %s; its output:%n%s", verb,
        new String(output, StandardCharsets.UTF_8)).isEqualTo(CrashResumeWorld.HALTED);
    release();
  }

  /** Lets the job of {@link CrashResumeWorld#job} write its checkpoints and end. */
  void release() throws java.io.IOException {
    Files.createDirectories(Path.of(settings.remoteRoot()));
    Files.writeString(Path.of(settings.remoteRoot(), "release"), "go");
  }
}
