package dev.remotegpu.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunJournal;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.core.teardown.VerificationEvidence;
import dev.remotegpu.examples.DiesAfterJobStart;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.ssh.SshRemoteAccess;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's side of commit dd0cb6e: {@code remotegpu down RUN-DIR} collects the Iron Law evidence in its own process
 * ({@link RunEvidence}), not through {@link RemoteRun#evidence()}. It failed before RunEvidence asked
 * {@link RunJournal#jobEnded} (every job that may run) and passes now.
 */
class CliJobStartAttackTest {
  @TempDir
  Path dir;

  private PaperspaceSimulator simulator;
  private PaperspacePlatform platform;
  private EmbeddedSshHost host;

  @BeforeEach
  void startWorld() {
    simulator = PaperspaceSimulator.builder().transitionDelay(Duration.ofMillis(50)).build().start();
    platform = PaperspacePlatform.builder().apiKey(simulator.apiKey()).baseUrl(simulator.baseUrl())
        .ledger(LaunchLedgers.inMemory()).pollInterval(Duration.ofMillis(20)).build();
    host = EmbeddedSshHost.builder().root(dir.resolve("machine")).build();
  }

  @AfterEach
  void stopWorld() throws Exception {
    try {
      Files.createDirectories(remoteRoot());
      Files.writeString(remoteRoot().resolve("release"), "");
    } finally {
      host.close();
      simulator.close();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING: `remotegpu run` killed after the machine started the job but before the journal recorded it leaves
  // run.json with job_id null and starting_job_id set. RemoteRun.jobEnded() now asks the pending job, but the CLI's
  // RunEvidence.jobEnded() reads only RunDirectory.jobId() (the journal's job_id): empty -> "ended". So
  // `remotegpu pull RUN-DIR` then `remotegpu down RUN-DIR --approve destroy-machine:<id>` destroys the machine while
  // the job runs: exactly the attack IronLawRunAttackTest closes for RemoteRun, still open through the CLI.
  // Fix: RunEvidence must treat startingJobId like jobId (running, or unreadable -> not ended; NotFound -> ended),
  // best by sharing one implementation with RemoteRun.jobEnded; RunDirectory (cli) should carry startingJobId (and
  // `status`/`logs` should show the pending job).
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void cliDownDoesNotDestroyTheMachineOfAJobWhoseStartTheJournalNeverRecorded() throws Exception {
    Path runDir = dir.resolve("run");
    String machineId;
    try (RemoteRun dying = describe(runDir).access(new DiesAfterJobStart(access())).build()) {
      machineId = dying.up().id();
      assertThat(catchThrowable(dying::start)).hasMessageContaining("host killed");
    }
    new RunDirectory(runDir, "r", true, Optional.of(machineId), Optional.empty(), remoteRoot().toString(),
        jobsDir().toString(), "r", dir.resolve("pulled"), dir.resolve("task.yaml")).write();
    Path written = remoteRoot().resolve("active/r/step-1.ckpt");
    for (int i = 0; i < 200 && !Files.exists(written); i++) {
      Thread.sleep(25);
    }
    assertThat(written).exists();
    assertThat(RunJournal.read(runDir).jobId()).isEmpty();
    assertThat(RunJournal.read(runDir).startingJobId()).isPresent();

    // `remotegpu pull RUN-DIR`: adopt + pull, as PullCommand does.
    try (RemoteRun pull = describe(runDir).build()) {
      pull.adopt(platform.machine(machineId));
      assertThat(pull.pull().verified()).isPresent();
    }

    // `remotegpu down RUN-DIR --approve destroy-machine:<id>`: as DownCommand.call does.
    RunDirectory run = RunDirectory.read(runDir);
    String destroy = "destroy-machine:" + machineId;
    try (Backend backend = backend(); RunEvidence collector = RunEvidence.of(run, backend)) {
      TeardownPlan plan = backend.platform().planTeardown(TeardownRequest.destroyEverythingOf(List.of(machineId)));
      Optional<VerificationEvidence> evidence = Optional.of(collector.collect(run));
      ExecutionReport report = plan.execute(Approvals.reversibleOnly().and(destroy), evidence);

      StepOutcome outcome = report.outcome(destroy).orElseThrow();
      assertThat(outcome.status()).as("destroy while the job runs: " + outcome.detail())
          .isEqualTo(StepOutcome.Status.REFUSED);
    }
  }

  private Path remoteRoot() {
    return host.root().resolve("durable");
  }

  private Path jobsDir() {
    return remoteRoot().resolve("jobs");
  }

  private RemoteRun.Builder describe(Path runDir) {
    String script = "d=$REMOTEGPU_CHECKPOINT_DIR; mkdir -p \"$d\" && echo step=1 > \"$d/step-1.ckpt\""
        + " && while [ ! -f \"$0/release\" ]; do sleep 0.05; done";
    return RemoteRun.on(platform)
        .machine(LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC).runId("r")
            .retry(Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50)))
        .access(access())
        .job(JobSpec.builder(List.of("sh", "-c", script, remoteRoot().toString()))
            .stateDirectory(jobsDir().toString()).build())
        .checkpoints(remoteRoot().toString(), dir.resolve("pulled"), "r")
        .runDirectory(runDir)
        .verifier(file -> Verifier.Verdict.accept())
        .pollInterval(Duration.ofMillis(50))
        .readyTimeout(Duration.ofSeconds(20));
  }

  private SshRemoteAccess access() {
    SshEndpoint endpoint = new SshEndpoint(host.endpoint().host(), host.endpoint().port(), host.user());
    return SshRemoteAccess.builder().privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(dir.resolve("known_hosts"))).endpoint(m -> endpoint)
        .configure(ssh -> ssh.reconnect(2, Duration.ofMillis(100))).build();
  }

  private Backend backend() {
    RemoteAccess access = access();
    return new Backend() {
      @Override
      public Platform platform() {
        return platform;
      }

      @Override
      public RemoteAccess access() {
        return access;
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public String apiBaseUrl() {
        return simulator.baseUrl();
      }

      @Override
      public String apiKey() {
        return simulator.apiKey();
      }

      @Override
      public String remoteRoot(String requested) {
        return CliJobStartAttackTest.this.remoteRoot().toString();
      }

      @Override
      public LaunchRequest prepare(LaunchRequest request) {
        return request;
      }

      @Override
      public String describe() {
        return "attack world";
      }

      @Override
      public void close() {
      }
    };
  }
}
