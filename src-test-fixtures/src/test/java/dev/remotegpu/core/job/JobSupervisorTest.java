package dev.remotegpu.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.SshException;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.retry.TimeSource;
import dev.remotegpu.testfixtures.doubles.FakeMachine;
import dev.remotegpu.testfixtures.doubles.FreshBootCheck;
import dev.remotegpu.testfixtures.doubles.RecordingSupervisorListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class JobSupervisorTest {
  private final FakeMachine machine = FakeMachine.ready("m-fake");
  private RecordingSupervisorListener recorder = new RecordingSupervisorListener();
  private final List<RunVanishedObservation> observed = new ArrayList<>();

  /** A runner whose n-th launch reports the n-th script of statuses (the last one repeats). */
  private final class ScriptedRunner implements JobRunner {
    private final Deque<List<Object>> launches = new ArrayDeque<>();
    final List<JobSpec> started = new ArrayList<>();

    ScriptedRunner launch(Object... statuses) {
      launches.add(List.of(statuses));
      return this;
    }

    @Override
    public DetachedJob start(JobSpec spec) {
      started.add(spec);
      Deque<Object> script = new ArrayDeque<>(launches.removeFirst());
      String id = "job-" + started.size();
      return new DetachedJob() {
        @Override
        public String id() {
          return id;
        }

        @Override
        public String directory() {
          return "/state/" + id;
        }

        @Override
        public JobStatus status() {
          Object next = script.size() > 1 ? script.removeFirst() : script.getFirst();
          if (next instanceof RemoteGpuException failure) {
            throw failure;
          }
          return (JobStatus) next;
        }

        @Override
        public List<String> logTail(int lines) {
          return List.of();
        }

        @Override
        public void stop(Duration grace) {
        }
      };
    }

    @Override
    public DetachedJob attach(String jobId, String stateDirectory) {
      throw new AssertionError("not used");
    }
  }

  private JobSupervisor.Builder supervisor(ScriptedRunner runner) {
    return JobSupervisor.builder(machine, m -> runner)
        .diagnoseWith(FreshBootCheck.blaming("PS13", "PS2"), m -> (window, runtime) -> {
          RunVanishedObservation observation =
              new RunVanishedObservation("", " 10:00:00 up 0 min,  0 users", "", window, runtime);
          observed.add(observation);
          return observation;
        })
        .listener(recorder)
        .pollInterval(Duration.ofMillis(1));
  }

  @Test
  void aSixHourJobIsPolledOnTheInjectedSleeperNotInRealTime() {
    Object[] sixHours = new Object[13];
    java.util.Arrays.fill(sixHours, JobStatus.RUNNING);
    sixHours[12] = JobStatus.exited(0);
    ScriptedRunner runner = new ScriptedRunner().launch(sixHours);
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    long realStart = System.nanoTime();

    SupervisionResult result = supervisor(runner).pollInterval(Duration.ofMinutes(30))
        .timeSource(new TimeSource(Clock.systemUTC(), pauses::add)).build().supervise(JobSpec.of("train"));

    assertThat(result.succeeded()).isTrue();
    assertThat(pauses).hasSize(13).containsOnly(Duration.ofMinutes(30)); // a pause before each of the 13 reads
    assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void restartsTheMachineAndRelaunchesTheSameSpecWhenTheJobVanishedWithTheMachineOff() {
    ScriptedRunner runner = new ScriptedRunner()
        .launch(JobStatus.RUNNING, JobStatus.VANISHED)
        .launch(JobStatus.RUNNING, JobStatus.exited(0));
    recorder = new RecordingSupervisorListener() {
      @Override
      public void statusRead(DetachedJob job, JobStatus status) {
        if (status.isVanished()) {
          machine.setState(MachineState.OFF);
        }
      }
    };
    JobSupervisor supervisor = supervisor(runner).build();
    JobSpec spec = JobSpec.of("python", "train.py", "--resume-latest");

    SupervisionResult result = supervisor.supervise(spec);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.launches()).isEqualTo(2);
    assertThat(result.gaveUpReason()).isEmpty();
    assertThat(result.findings()).extracting(Finding::gotchaId).containsExactly("PS2");
    assertThat(runner.started).containsExactly(spec, spec);
    assertThat(machine.starts()).isEqualTo(1);
    assertThat(observed).hasSize(1);
    assertThat(observed.get(0).autoShutdownWindow()).hasValue(Duration.ofHours(12));
    assertThat(observed.get(0).runtimeBeforeVanish()).isPresent();
    assertThat(recorder.events()).containsExactly("started job-1 #1", "machine off", "machine starting",
        "machine ready", "diagnosed job-1 [PS2]", "started job-2 #2", "ended job-2 EXITED(0)");
  }

  @Test
  void treatsAnUnreachableJobOnAStoppedMachineAsVanished() {
    ScriptedRunner runner = new ScriptedRunner()
        .launch(new SshException("connection refused"))
        .launch(JobStatus.exited(0));
    machine.setState(MachineState.READY);
    JobSupervisor supervisor = supervisor(runner).listener(new SupervisorListener() {
      @Override
      public void connectionLost(RemoteGpuException failure, int consecutiveFailures) {
        machine.setState(MachineState.OFF);
      }
    }).build();

    SupervisionResult result = supervisor.supervise(JobSpec.of("train"));

    assertThat(result.finalStatus()).isEqualTo(JobStatus.exited(0));
    assertThat(result.launches()).isEqualTo(2);
    assertThat(machine.starts()).isEqualTo(1);
  }

  @Test
  void relaunchesOnARunningMachineWithoutStartingIt() {
    ScriptedRunner runner = new ScriptedRunner()
        .launch(JobStatus.VANISHED)
        .launch(JobStatus.exited(2));

    SupervisionResult result = supervisor(runner).build().supervise(JobSpec.of("train"));

    assertThat(result.finalStatus()).isEqualTo(JobStatus.exited(2));
    assertThat(result.succeeded()).isFalse();
    assertThat(machine.starts()).isZero();
    assertThat(recorder.events()).doesNotContain("machine off", "machine starting");
  }

  @Test
  void givesUpAfterMaxLaunches() {
    ScriptedRunner runner = new ScriptedRunner()
        .launch(JobStatus.VANISHED).launch(JobStatus.VANISHED).launch(JobStatus.VANISHED);

    SupervisionResult result = supervisor(runner).maxLaunches(3).build().supervise(JobSpec.of("train"));

    assertThat(result.launches()).isEqualTo(3);
    assertThat(result.finalStatus()).isEqualTo(JobStatus.VANISHED);
    assertThat(result.gaveUpReason()).hasValueSatisfying(reason -> assertThat(reason).contains("maxLaunches"));
    assertThat(recorder.events()).last().isEqualTo("gave up");
  }

  @Test
  void givesUpWhenARunningMachineStaysUnreachable() {
    ScriptedRunner runner = new ScriptedRunner().launch(new SshException("no route to host"));

    SupervisionResult result = supervisor(runner).maxConsecutiveFailures(3).build()
        .supervise(JobSpec.of("train"));

    assertThat(result.gaveUpReason()).hasValueSatisfying(reason -> assertThat(reason).contains("3 times"));
    assertThat(result.launches()).isEqualTo(1);
  }

  @Test
  void givesUpAtOnceWhenTheJobCannotBeReadForAReasonRetriesCannotFix() {
    ScriptedRunner runner = new ScriptedRunner()
        .launch(new SshException("authentication refused", "host", null, false, null));

    SupervisionResult result = supervisor(runner).maxConsecutiveFailures(5).build()
        .supervise(JobSpec.of("train"));

    assertThat(result.gaveUpReason()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("trying again will not help").contains("authentication refused"));
    assertThat(recorder.events()).containsExactly("started job-1 #1", "gave up");
    assertThat(result.launches()).isEqualTo(1);
  }

  @Test
  void adoptsAnAlreadyRunningJob() {
    ScriptedRunner runner = new ScriptedRunner().launch(JobStatus.exited(0));
    DetachedJob running = runner.start(JobSpec.of("train"));

    SupervisionResult result = supervisor(runner).build().supervise(JobSpec.of("train"), running);

    assertThat(result.job()).isSameAs(running);
    assertThat(result.launches()).isEqualTo(1);
    assertThat(Optional.of(result.finalStatus())).hasValue(JobStatus.exited(0));
  }
}
