package dev.remotegpu.core.job;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.job.internal.PollingJobSupervisor;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.RunVanishedObservation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps one job going across auto-shutdowns: it polls the job, and when the job VANISHED or the machine
 * is OFF it starts the machine again, diagnoses the vanish (for example with the profile's vanish diagnosis on
 * {@code uptime} and {@code dmesg}), and relaunches the same {@link JobSpec}. A job that loads its latest
 * checkpoint at start therefore continues where it was.
 *
 * <pre>{@code
 * SupervisionResult result = JobSupervisor.builder(machine, m -> SshJobs.runner(connect(m)))
 *     .diagnoseWith(ps13Check, m -> SshJobs.vanishProbe(connect(m)))
 *     .listener(listener)
 *     .build()
 *     .supervise(JobSpec.of("python", "train.py", "--resume-latest"));
 * }</pre>
 */
public interface JobSupervisor {

  /**
   * Starts {@code spec} and supervises it until it exits or supervision gives up; blocks the calling
   * thread.
   */
  SupervisionResult supervise(JobSpec spec);

  /**
   * Supervises {@code running}, an already started launch of {@code spec}, as {@link #supervise(JobSpec)},
   * counting its run time from now.
   */
  SupervisionResult supervise(JobSpec spec, DetachedJob running);

  /**
   * As {@link #supervise(JobSpec, DetachedJob)}, for a job launched at {@code launchedAt} on the supervisor's
   * clock; the run time before a vanish is what tells an auto-shutdown from a crash.
   */
  SupervisionResult supervise(JobSpec spec, DetachedJob running, java.time.Instant launchedAt);

  /**
   * A builder for a supervisor of jobs on {@code machine}; {@code runners} gives a job runner for the
   * machine as it is now (called again after each restart, since a dynamic address may have changed).
   */
  static Builder builder(Machine machine, Function<Machine, JobRunner> runners) {
    return new Builder(machine, runners);
  }

  /** Builds a {@link JobSupervisor}; setters check their arguments at once. */
  final class Builder {
    private final Machine machine;
    private final Function<Machine, JobRunner> runners;
    private Optional<Check<RunVanishedObservation>> check = Optional.empty();
    private Function<Machine, VanishProbe> probes = machine -> VanishProbe.NONE;
    private SupervisorListener listener = SupervisorListener.NONE;
    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration machineStartTimeout = Duration.ofMinutes(15);
    private int maxLaunches = 10;
    private int maxConsecutiveFailures = 10;
    private dev.remotegpu.core.retry.TimeSource time = dev.remotegpu.core.retry.TimeSource.system();
    private Function<Machine, Optional<String>> haltWhen = machine -> Optional.empty();

    private Builder(Machine machine, Function<Machine, JobRunner> runners) {
      this.machine = Objects.requireNonNull(machine, "machine");
      this.runners = Objects.requireNonNull(runners, "runners");
    }

    /** Diagnoses each vanish with {@code check} on what {@code probes} observes on the machine. */
    public Builder diagnoseWith(Check<RunVanishedObservation> check, Function<Machine, VanishProbe> probes) {
      this.check = Optional.of(Objects.requireNonNull(check, "check"));
      this.probes = Objects.requireNonNull(probes, "probes");
      return this;
    }

    /** Receives progress events; default {@link SupervisorListener#NONE}. */
    public Builder listener(SupervisorListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** How often the job's status is read; default 30 s. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = requirePositive(interval, "pollInterval");
      return this;
    }

    /** How long a machine start may take before supervision fails; default 15 min. */
    public Builder machineStartTimeout(Duration timeout) {
      this.machineStartTimeout = requirePositive(timeout, "machineStartTimeout");
      return this;
    }

    /** The most starts of the job, the first included, before giving up; default 10. */
    public Builder maxLaunches(int launches) {
      if (launches < 1) {
        throw new IllegalArgumentException("maxLaunches must be at least 1: " + launches);
      }
      this.maxLaunches = launches;
      return this;
    }

    /** The most polls in a row that may fail to reach a running machine before giving up; default 10. */
    public Builder maxConsecutiveFailures(int failures) {
      if (failures < 1) {
        throw new IllegalArgumentException("maxConsecutiveFailures must be at least 1: " + failures);
      }
      this.maxConsecutiveFailures = failures;
      return this;
    }

    /** The supervisor. */
    /**
     * The clock that times each launch (the system clock by default); use the platform's clock so a run's
     * length is measured as the machine's auto-shutdown timer measures it.
     */
    public Builder clock(java.time.Clock clock) {
      this.time = dev.remotegpu.core.retry.TimeSource.of(Objects.requireNonNull(clock, "clock"));
      return this;
    }

    /**
     * The clock that times each launch and the sleeper that paces the polls (the system's by default); a
     * simulated clock whose sleeper advances it plays hours of supervision in milliseconds.
     */
    public Builder timeSource(dev.remotegpu.core.retry.TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Asked before each poll with the machine as last seen; a reason ends the supervision there (the job is not
     * relaunched, the machine not started again) and becomes the result's give-up reason. A budget guard that
     * stopped the machine answers here.
     */
    public Builder haltWhen(Function<Machine, Optional<String>> halt) {
      this.haltWhen = Objects.requireNonNull(halt, "haltWhen");
      return this;
    }

    /** The supervisor with these settings; it does nothing until {@code supervise} is called. */
    public JobSupervisor build() {
      return new PollingJobSupervisor(machine, runners, check, probes, listener, pollInterval,
          machineStartTimeout, maxLaunches, maxConsecutiveFailures, time, haltWhen);
    }

    private static Duration requirePositive(Duration duration, String name) {
      Objects.requireNonNull(duration, name);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + duration);
      }
      return duration;
    }
  }
}
