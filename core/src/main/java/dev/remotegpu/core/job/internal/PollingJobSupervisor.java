package dev.remotegpu.core.job.internal;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.job.JobSupervisor;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.job.SupervisorListener;
import dev.remotegpu.core.job.VanishProbe;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link JobSupervisor} that polls the job's status on the calling thread. */
public final class PollingJobSupervisor implements JobSupervisor {
  private static final Logger LOG = LoggerFactory.getLogger(PollingJobSupervisor.class);

  private final Machine initialMachine;
  private final Function<Machine, JobRunner> runners;
  private final Optional<Check<RunVanishedObservation>> check;
  private final Function<Machine, VanishProbe> probes;
  private final SupervisorListener listener;
  private final Duration pollInterval;
  private final TimeSource time;
  private final Clock clock;
  private final Duration machineStartTimeout;
  private final int maxLaunches;
  private final int maxConsecutiveFailures;
  private final Function<Machine, Optional<String>> haltWhen;

  public PollingJobSupervisor(Machine machine, Function<Machine, JobRunner> runners,
      Optional<Check<RunVanishedObservation>> check, Function<Machine, VanishProbe> probes,
      SupervisorListener listener, Duration pollInterval, Duration machineStartTimeout, int maxLaunches,
      int maxConsecutiveFailures, TimeSource time, Function<Machine, Optional<String>> haltWhen) {
    this.haltWhen = Objects.requireNonNull(haltWhen, "haltWhen");
    this.time = Objects.requireNonNull(time, "time");
    this.clock = time.clock();
    this.initialMachine = Objects.requireNonNull(machine, "machine");
    this.runners = Objects.requireNonNull(runners, "runners");
    this.check = Objects.requireNonNull(check, "check");
    this.probes = Objects.requireNonNull(probes, "probes");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.machineStartTimeout = Objects.requireNonNull(machineStartTimeout, "machineStartTimeout");
    this.maxLaunches = maxLaunches;
    this.maxConsecutiveFailures = maxConsecutiveFailures;
  }

  @Override
  public SupervisionResult supervise(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Run run = new Run(spec);
    run.machine = ensureRunning(initialMachine.refresh());
    run.runner = runners.apply(run.machine);
    run.launch();
    return run.superviseUntilEnd();
  }

  @Override
  public SupervisionResult supervise(JobSpec spec, DetachedJob running) {
    return supervise(spec, running, clock.instant());
  }

  @Override
  public SupervisionResult supervise(JobSpec spec, DetachedJob running, Instant launchedAt) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(running, "running");
    Objects.requireNonNull(launchedAt, "launchedAt");
    Run run = new Run(spec);
    run.machine = initialMachine;
    run.job = running;
    run.launches = 1;
    run.launchedAt = launchedAt;
    emit(l -> l.jobStarted(running, 1));
    return run.superviseUntilEnd();
  }

  /** One supervised job and its mutable progress; used by one thread. */
  private final class Run {
    private final JobSpec spec;
    private final List<Finding> findings = new ArrayList<>();
    private Machine machine;
    private JobRunner runner;
    private DetachedJob job;
    private int launches;
    private Instant launchedAt;

    Run(JobSpec spec) {
      this.spec = spec;
    }

    void launch() {
      job = runner.start(spec);
      launches++;
      launchedAt = clock.instant();
      DetachedJob started = job;
      int launch = launches;
      emit(l -> l.jobStarted(started, launch));
    }

    SupervisionResult superviseUntilEnd() {
      int failures = 0;
      while (true) {
        if (!sleep(pollInterval)) {
          return giveUp(JobStatus.VANISHED, "the supervising thread was interrupted");
        }
        Optional<String> halt = haltWhen.apply(machine);
        if (halt.isPresent()) {
          return giveUp(JobStatus.VANISHED, halt.get());
        }
        JobStatus status;
        boolean machineOff = false;
        try {
          status = job.status();
          failures = 0;
          JobStatus read = status;
          emit(l -> l.statusRead(job, read));
        } catch (RemoteGpuException unreachable) {
          failures++;
          int failuresSoFar = failures;
          emit(l -> l.connectionLost(unreachable, failuresSoFar));
          machine = machine.refresh();
          if (isDown(machine.state())) {
            status = JobStatus.VANISHED;
            machineOff = true;
          } else if (!unreachable.retryable()) {
            return giveUp(JobStatus.VANISHED, "machine " + machine.id() + " is " + machine.state()
                + " but its job cannot be read, and trying again will not help: " + unreachable.getMessage());
          } else if (failures >= maxConsecutiveFailures) {
            return giveUp(JobStatus.VANISHED, "machine " + machine.id() + " is " + machine.state()
                + " but its job could not be read " + failures + " times in a row: " + unreachable.getMessage());
          } else {
            continue;
          }
        }
        if (status.isExited()) {
          JobStatus ended = status;
          emit(l -> l.jobEnded(job, ended));
          return new SupervisionResult(job, status, launches, findings, Optional.empty());
        }
        if (status.isRunning()) {
          continue;
        }
        if (launches >= maxLaunches) {
          return giveUp(status, "job " + job.id() + " vanished after " + launches
              + " launches (maxLaunches); look at the vanish findings before starting it again");
        }
        relaunchAfterVanish(machineOff);
      }
    }

    private void relaunchAfterVanish(boolean machineKnownOff) {
      Duration runtime = Duration.between(launchedAt, clock.instant());
      if (runtime.isNegative()) {
        runtime = Duration.ZERO;
      }
      if (!machineKnownOff) {
        machine = machine.refresh();
      }
      boolean restarted = !machine.state().equals(MachineState.READY);
      machine = ensureRunning(machine);
      if (restarted || runner == null) {
        runner = runners.apply(machine);
      }
      List<Finding> diagnosis = diagnose(runtime);
      findings.addAll(diagnosis);
      DetachedJob vanished = job;
      emit(l -> l.vanishDiagnosed(vanished, diagnosis));
      launch();
    }

    private List<Finding> diagnose(Duration runtime) {
      if (check.isEmpty()) {
        return List.of();
      }
      try {
        RunVanishedObservation observation =
            probes.apply(machine).observe(machine.autoShutdown(), Optional.of(runtime));
        return check.get().check(observation);
      } catch (RemoteGpuException | IllegalArgumentException e) {
        LOG.warn("Could not diagnose the vanish of job {} on machine {}: {}", job.id(), machine.id(),
            e.getMessage());
        return List.of();
      }
    }

    private SupervisionResult giveUp(JobStatus status, String reason) {
      emit(l -> l.gaveUp(reason));
      return new SupervisionResult(job, status, launches, findings, Optional.of(reason));
    }
  }

  private Machine ensureRunning(Machine machine) {
    MachineState state = machine.state();
    if (state == MachineState.READY) {
      return machine;
    }
    Machine current = machine;
    if (state == MachineState.STOPPING) {
      current = current.awaitState(MachineState.OFF, machineStartTimeout);
    }
    if (current.state() == MachineState.OFF) {
      Machine stopped = current;
      emit(l -> l.machineStopped(stopped));
      current = current.start();
      Machine starting = current;
      emit(l -> l.machineStarting(starting));
    }
    current = current.awaitState(MachineState.READY, machineStartTimeout);
    Machine ready = current;
    emit(l -> l.machineReady(ready));
    return current;
  }

  private static boolean isDown(MachineState state) {
    return state == MachineState.OFF || state == MachineState.STOPPING;
  }

  private void emit(Consumer<SupervisorListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException e) {
      LOG.warn("A supervisor listener threw; ignoring it", e);
    }
  }

  private boolean sleep(Duration duration) {
    try {
      time.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
