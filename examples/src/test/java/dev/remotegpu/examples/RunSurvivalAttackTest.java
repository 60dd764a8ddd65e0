package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.ssh.SshJobs;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on "a run survives its host program" through the public API: two host processes on one run directory
 * at once, a host whose journal went stale while another host acted, and a host killed between the two steps of
 * sealing a second generation of checkpoints, a host killed between the machine starting the job and the journal
 * recording it.
 */
class RunSurvivalAttackTest {
  @TempDir
  Path dir;

  private HeldJobWorld world;
  private PaperspaceSimulator simulator;

  @BeforeEach
  void startWorld() {
    world = new HeldJobWorld(dir, LaunchLedgers.inFile(dir.resolve("ledger.txt")));
    simulator = world.simulator;
  }

  @AfterEach
  void stopWorld() throws Exception {
    world.close();
  }

  private Path remoteRoot() {
    return world.remoteRoot();
  }

  private void release() throws Exception {
    world.releaseJob();
  }

  /** The same run as each host process describes it: a job that writes step 1, then runs until released. */
  private RemoteRun describe() {
    return world.describe(HeldJobWorld.request(), "jobs")
        .runDirectory(dir.resolve("run")).build();
  }

  private List<Path> jobDirectories() throws Exception {
    Path jobs = remoteRoot().resolve("jobs");
    if (!Files.isDirectory(jobs)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(jobs)) {
      return s.filter(Files::isDirectory).toList();
    }
  }

  @Test
  void twoHostsOnOneRunDirectoryAtOnceDoNotBothAct() throws Exception {
    // Before the fix: the second host adopted the machine too and started a second copy of the job.
    try (RemoteRun first = describe(); RemoteRun second = describe()) {
      first.up();
      Throwable secondUp = catchThrowable(second::up);
      first.start();
      Throwable secondStart = catchThrowable(second::start);

      assertThat(jobDirectories()).as("copies of the job started").hasSize(1);
      assertThat(simulator.account().machines()).as("machines").hasSize(1);
      assertThat(secondUp).as("the second host's up()").isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dir.resolve("run").toString()).hasMessageContaining("another");
      assertThat(secondStart).as("the second host's start()").isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void aHostBuiltBeforeAnotherActedResumesWhatTheOtherWroteNotItsStaleView() throws Exception {
    // Before the fix: the waiting host kept the empty journal it read at build(), and once the first host was
    // gone it launched (or adopted through the ledger) and started a second copy of the still-running job.
    RemoteRun waiting = describe();
    String machineId;
    String jobId;
    try (RemoteRun first = describe()) {
      machineId = first.up().id();
      jobId = first.start().id();
    }
    try (waiting) {
      assertThat(waiting.up().id()).isEqualTo(machineId);
      assertThat(waiting.start().id()).as("the job re-attached").isEqualTo(jobId);
      assertThat(waiting.journal().launchCount()).isEqualTo(1);
    }
    assertThat(jobDirectories()).as("copies of the job started").hasSize(1);
    assertThat(simulator.account().machines()).as("machines").hasSize(1);
  }

  @Test
  void aHostKilledBetweenMovingANewGenerationAsideAndSealingItLosesNoCheckpoint() throws Exception {
    try (RemoteRun first = describe()) {
      first.up();
      first.start();
      release();
      assertThat(first.watch().succeeded()).isTrue();
      assertThat(first.pull().verified()).isPresent();
    }
    // A relaunch wrote step 2 into active/r; the next pull moved it to active/r.2 (export/r is published) and the
    // host was killed before the seal of r.2 began.
    Path moved = Files.createDirectories(remoteRoot().resolve("active/r.2"));
    Files.writeString(moved.resolve("step-2.ckpt"), "step=2\n");

    try (RemoteRun resumed = describe()) {
      resumed.up();
      resumed.pull();
    }
    // Before the fix: the resumed pull sealed and pulled only export/r; step 2 stayed in active/r.2, never pulled.
    try (Stream<Path> pulled = Files.walk(dir.resolve("pulled"))) {
      assertThat(pulled.map(p -> p.getFileName().toString())).as("files pulled").contains("step-2.ckpt");
    }
  }

  @Test
  void aJobReattachedByIdIsTheOneAResumedHostFinds() throws Exception {
    String other;
    try (RemoteRun first = describe()) {
      first.up();
      String started = first.start().id();
      // The caller re-attaches the run to another job of its own on the machine (started outside the run).
      SshConfig config = SshConfig.builder(world.host.endpoint()).privateKey(world.host.clientKeyPair())
          .knownHosts(world.host.writeKnownHosts(dir.resolve("known_hosts_jobs"))).build();
      try (SshConnection connection = SshConnector.connect(config)) {
        other = SshJobs.runner(connection).start(JobSpec.builder(List.of("sh", "-c",
            "while [ ! -f \"$0/release\" ]; do sleep 0.05; done", remoteRoot().toString()))
            .stateDirectory(remoteRoot() + "/jobs").build()).id();
      }
      assertThat(first.reattach(other).id()).isEqualTo(other).isNotEqualTo(started);
    }
    // Before the fix: the journal still named the first job, so the resumed host re-attached that one.
    try (RemoteRun resumed = describe()) {
      resumed.up();
      assertThat(resumed.start().id()).as("the job a resumed host re-attaches").isEqualTo(other);
      assertThat(resumed.journal().jobId()).contains(other);
    }
  }

  @Test
  void aHostKilledAfterTheMachineStartedTheJobButBeforeTheJournalSaidSoStartsNoSecondCopy() throws Exception {
    String started;
    try (RemoteRun first = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .access(new DiesAfterJobStart(world.access())).build()) {
      first.up();
      Throwable killed = catchThrowable(first::start);
      assertThat(killed).as("the host's death").isInstanceOf(DiesAfterJobStart.HostKilled.class);
      started = ((DiesAfterJobStart.HostKilled) killed).jobId();
    }
    assertThat(jobDirectories()).as("the job the machine started").hasSize(1);

    // Before the fix: the journal had no job, so the resumed host started a second copy beside the first.
    try (RemoteRun resumed = describe()) {
      resumed.up();
      assertThat(resumed.start().id()).as("the job a resumed host follows").isEqualTo(started);
      assertThat(resumed.journal().jobId()).contains(started);
      assertThat(resumed.journal().launchCount()).isEqualTo(1);
    }
    assertThat(jobDirectories()).as("copies of the job started").hasSize(1);
  }
}
