package dev.remotegpu.ssh.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.job.JobSupervisor;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.job.SupervisorListener;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.ssh.SshJobs;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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

  /** Sees a fresh boot in uptime: the auto-shutdown (PS2). */
  private final Check<RunVanishedObservation> freshBoot = new Check<>() {
    @Override
    public String gotchaId() {
      return "PS13";
    }

    @Override
    public List<Finding> check(RunVanishedObservation observation) {
      return observation.uptimeOutput().contains(" up 0 min")
          ? List.of(new Finding("PS2", Severity.WARNING, "machine booted since the run started",
              observation.uptimeOutput().strip(), "resume from the latest checkpoint"))
          : List.of();
    }
  };

  @Test
  void aJobRelaunchedAfterAnAutoShutdownResumesFromItsLatestCheckpoint() throws Exception {
    try (EmbeddedSshHost host = EmbeddedSshHost.start();
        SshConnection connection = SshConnector.connect(SshConfig.builder(host.endpoint())
            .privateKey(host.clientKeyPair()).knownHosts(host.writeKnownHosts(client.resolve("known_hosts")))
            .reconnect(2, Duration.ofMillis(100)).build())) {
      Path durable = Files.createDirectories(host.root().resolve("storage/run-42"));
      Path latest = durable.resolve("checkpoints/latest");
      StoppableMachine machine = new StoppableMachine(host);
      List<String> events = new CopyOnWriteArrayList<>();
      List<DetachedJob> launches = new CopyOnWriteArrayList<>();
      JobSpec spec = JobSpec.builder(List.of("sh", "-c", TRAIN, "train", durable.toString(), Integer.toString(STEPS)))
          .stateDirectory(durable.resolve("jobs").toString())
          .build();
      JobSupervisor supervisor = JobSupervisor.builder(machine, m -> SshJobs.tmuxRunner(connection))
          .diagnoseWith(freshBoot, m -> SshJobs.vanishProbe(connection))
          .pollInterval(Duration.ofMillis(100))
          .listener(new SupervisorListener() {
            @Override
            public void jobStarted(DetachedJob job, int launch) {
              launches.add(job);
              events.add("started #" + launch);
            }

            @Override
            public void machineStopped(Machine stopped) {
              events.add("machine off");
            }

            @Override
            public void machineReady(Machine ready) {
              events.add("machine ready");
            }

            @Override
            public void vanishDiagnosed(DetachedJob job, List<Finding> findings) {
              events.add("diagnosed " + findings.stream().map(Finding::gotchaId).toList());
            }
          })
          .build();

      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<SupervisionResult> running = thread.submit(() -> supervisor.supervise(spec));
        int stepAtShutdown = awaitStep(latest, 5);
        machine.state = MachineState.OFF;
        host.powerOff();

        SupervisionResult result = running.get(60, TimeUnit.SECONDS);

        assertThat(result.finalStatus()).isEqualTo(JobStatus.exited(0));
        assertThat(result.launches()).isEqualTo(2);
        assertThat(machine.starts).isEqualTo(1);
        assertThat(result.findings()).extracting(Finding::gotchaId).containsExactly("PS2");
        assertThat(events).containsSubsequence("started #1", "machine off", "machine ready", "diagnosed [PS2]",
            "started #2");
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

  /** A machine the test switches OFF; start() powers the embedded host on and makes it READY. */
  private static final class StoppableMachine implements Machine {
    private final EmbeddedSshHost host;
    volatile MachineState state = MachineState.READY;
    volatile int starts;

    StoppableMachine(EmbeddedSshHost host) {
      this.host = host;
    }

    @Override
    public String id() {
      return "m-embedded";
    }

    @Override
    public String name() {
      return "rgpu-resume-test";
    }

    @Override
    public String machineType() {
      return "A4000";
    }

    @Override
    public String region() {
      return "ny2";
    }

    @Override
    public MachineState state() {
      return state;
    }

    @Override
    public String rawState() {
      return state.name().toLowerCase();
    }

    @Override
    public Optional<String> publicIp() {
      return Optional.of("127.0.0.1");
    }

    @Override
    public PublicIpType publicIpType() {
      return PublicIpType.DYNAMIC;
    }

    @Override
    public Optional<Duration> autoShutdown() {
      return Optional.of(Duration.ofHours(1));
    }

    @Override
    public Instant createdAt() {
      return Instant.parse("2026-11-28T00:00:00Z");
    }

    @Override
    public Optional<SshEndpoint> ssh() {
      return Optional.of(SshEndpoint.of("127.0.0.1", "paperspace"));
    }

    @Override
    public Machine refresh() {
      return this;
    }

    @Override
    public Machine start() {
      starts++;
      host.powerOn();
      state = MachineState.READY;
      return this;
    }

    @Override
    public Machine stop() {
      state = MachineState.OFF;
      return this;
    }

    @Override
    public Machine awaitState(MachineState wanted, Duration timeout) {
      if (state != wanted) {
        throw new IllegalStateException("machine is " + state + ", not " + wanted);
      }
      return this;
    }
  }
}
