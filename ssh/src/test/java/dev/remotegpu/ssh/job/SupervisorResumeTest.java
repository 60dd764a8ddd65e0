package dev.remotegpu.ssh.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.job.JobSupervisor;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.ssh.SshJobs;
import dev.remotegpu.testfixtures.doubles.FakeMachine;
import dev.remotegpu.testfixtures.doubles.FreshBootCheck;
import dev.remotegpu.testfixtures.doubles.RecordingSupervisorListener;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training-like job that checkpoints its step every iteration is killed by a simulated auto-shutdown
 * (host powered off: every process killed, sessions dropped and refused, machine OFF); the supervisor
 * starts the machine (which powers the host on), diagnoses the
 * vanish from {@code uptime}, relaunches the same spec, and the job resumes from its latest checkpoint.
 */
class SupervisorResumeTest {
  private static final int STEPS = 30;
  /** Loads the latest checkpoint, then writes one per step, atomically (temp name, then rename). */
  private static final String TRAIN = """
      ckpt="$1/checkpoints"; mkdir -p "$ckpt"
      step=0
      if [ -f "$ckpt/latest" ]; then step=$(cat "$ckpt/latest"); fi
      echo "resumed at $step"
      while [ "$step" -lt "$2" ]; do
        step=$((step + 1))
        sleep 0.1
        printf '%s\\n' "$step" > "$ckpt/latest.tmp" && mv -f "$ckpt/latest.tmp" "$ckpt/latest"
      done
      echo "done at $step"
      """;

  @TempDir
  Path client;

  @Test
  void aJobRelaunchedAfterAnAutoShutdownResumesFromItsLatestCheckpoint() throws Exception {
    try (EmbeddedSshHost host = EmbeddedSshHost.start();
        SshConnection connection = SshConnector.connect(SshConfig.builder(host.endpoint())
            .privateKey(host.clientKeyPair()).knownHosts(host.writeKnownHosts(client.resolve("known_hosts")))
            .reconnect(2, Duration.ofMillis(100)).build())) {
      Path durable = Files.createDirectories(host.root().resolve("storage/run-42"));
      Path latest = durable.resolve("checkpoints/latest");
      FakeMachine machine = FakeMachine.ready("m-embedded").withAutoShutdown(Duration.ofHours(1))
          .onStart(host::powerOn);
      RecordingSupervisorListener events = new RecordingSupervisorListener();
      JobSpec spec = JobSpec.builder(List.of("sh", "-c", TRAIN, "train", durable.toString(), Integer.toString(STEPS)))
          .stateDirectory(durable.resolve("jobs").toString())
          .build();
      JobSupervisor supervisor = JobSupervisor.builder(machine, m -> SshJobs.tmuxRunner(connection))
          .diagnoseWith(FreshBootCheck.blaming("PS13", "PS2"), m -> SshJobs.vanishProbe(connection))
          .pollInterval(Duration.ofMillis(100))
          .listener(events)
          .build();

      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<SupervisionResult> running = thread.submit(() -> supervisor.supervise(spec));
        int stepAtShutdown = awaitStep(latest, 5);
        machine.setState(MachineState.OFF);
        host.powerOff();

        SupervisionResult result = running.get(60, TimeUnit.SECONDS);

        assertThat(result.finalStatus()).isEqualTo(JobStatus.exited(0));
        assertThat(result.launches()).isEqualTo(2);
        assertThat(machine.starts()).isEqualTo(1);
        assertThat(result.findings()).extracting(Finding::gotchaId).containsExactly("PS2");
        List<DetachedJob> launches = events.jobs();
        String first = launches.get(0).id();
        assertThat(events.events()).containsSubsequence("started " + first + " #1", "machine off",
            "machine ready", "diagnosed " + first + " [PS2]", "started " + launches.get(1).id() + " #2");
        List<String> secondLog = launches.get(1).logTail(10);
        int resumedAt = Integer.parseInt(secondLog.get(0).substring("resumed at ".length()));
        assertThat(resumedAt).isGreaterThanOrEqualTo(stepAtShutdown).isPositive();
        assertThat(secondLog).last().isEqualTo("done at " + STEPS);
        assertThat(Files.readString(latest).strip()).isEqualTo(Integer.toString(STEPS));
        assertThat(launches.get(0).status()).isEqualTo(JobStatus.VANISHED);
      } finally {
        thread.shutdownNow();
      }
    }
  }

  private static int awaitStep(Path latest, int step) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(latest)) {
        String text = Files.readString(latest).strip();
        if (!text.isEmpty() && Integer.parseInt(text) >= step) {
          return Integer.parseInt(text);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the job never reached step " + step);
  }
}
