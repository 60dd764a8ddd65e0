package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.ssh.SshRemoteAccess;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  private PaperspaceSimulator simulator;
  private EmbeddedSshHost host;
  private PaperspacePlatform platform;

  @BeforeEach
  void startWorld() {
    simulator = PaperspaceSimulator.builder().transitionDelay(Duration.ofMillis(50)).build().start();
    platform = PaperspacePlatform.builder().apiKey(simulator.apiKey()).baseUrl(simulator.baseUrl())
        .ledger(LaunchLedgers.inMemory()).pollInterval(Duration.ofMillis(20)).build();
    host = EmbeddedSshHost.builder().root(dir.resolve("machine")).build();
  }

  @AfterEach
  void stopWorld() throws Exception {
    Files.createDirectories(remoteRoot());
    Files.writeString(remoteRoot().resolve("release"), "");
    host.close();
    simulator.close();
  }

  private Path remoteRoot() {
    return host.root().resolve("durable");
  }

  /** The same run described by each host process: a job that writes step 1, then runs until released. */
  private RemoteRun describe() {
    SshEndpoint endpoint = new SshEndpoint(host.endpoint().host(), host.endpoint().port(), host.user());
    SshRemoteAccess access = SshRemoteAccess.builder().privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(dir.resolve("known_hosts"))).endpoint(m -> endpoint)
        .configure(ssh -> ssh.reconnect(2, Duration.ofMillis(100))).build();
    String script = "d=$REMOTEGPU_CHECKPOINT_DIR; mkdir -p \"$d\" && echo step=1 > \"$d/step-1.ckpt\""
        + " && while [ ! -f \"$0/release\" ]; do sleep 0.05; done";
    return RemoteRun.on(platform)
        .machine(LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC).runId("r")
            .retry(Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50)))
        .access(access)
        .job(JobSpec.builder(List.of("sh", "-c", script, remoteRoot().toString()))
            .stateDirectory(remoteRoot() + "/jobs-r").build())
        .checkpoints(remoteRoot().toString(), dir.resolve("pulled"), "r")
        .verifier(file -> Verifier.Verdict.accept())
        .pollInterval(Duration.ofMillis(50))
        .readyTimeout(Duration.ofSeconds(20))
        .build();
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
