package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.remotegpu.core.SshException;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second round of attacks on "a job is started at most once per launch, and a running job is never reported
 * ended to the Iron Law" (commit dd0cb6e: starting_job_id journalled before the start), by a reviewer. Each FINDING
 * failed before its fix (the run settles a pending start before it follows or relaunches a job, asks every job that
 * may run before the Iron Law, and a launch under way reads STARTING) and passes now; the control held throughout.
 */
class JobStartAttack2Test {
  @TempDir
  Path dir;

  private HeldJobWorld world;
  private final ExecutorService background = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "attack-watch");
    t.setDaemon(true);
    return t;
  });

  @BeforeEach
  void startWorld() {
    world = new HeldJobWorld(dir, LaunchLedgers.inFile(dir.resolve("ledger.txt")));
  }

  @AfterEach
  void stopWorld() throws Exception {
    try {
      world.close();
    } finally {
      background.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING: a relaunch (inside watch) whose start reached the machine but whose reply was lost (an SSH drop after
  // the launcher ran) makes watch() throw; the run keeps the VANISHED first launch as its job (`detached`), and
  // reattachRecorded() returns `detached` without looking at the journal's starting_job_id. The caller retries
  // watch(): the supervisor sees the old job VANISHED and relaunches under a FRESH id, overwriting the pending id
  // in the journal. Two copies of the job run, and the first relaunch is recorded nowhere.
  // Fix: reattachRecorded (and watch) must consult startingJobId even when `detached` is set (or watch must drop
  // `detached` when supervise throws), and ContractJobRunner.start must refuse to overwrite a pending id it has not
  // resolved (attach it first: found -> adopt it, NotFound -> then start a fresh one).
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aRelaunchWhoseReplyWasLostIsNotStartedAgainWhenWatchIsRetried() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    RemoteAccess access = new ForwardingAccess(world.access(), runner -> new JobRunner() {
      @Override
      public DetachedJob start(JobSpec spec) {
        DetachedJob started = runner.start(spec);
        if (starts.incrementAndGet() == 2) {
          throw new SshException("connection to the machine dropped before the launcher's reply (job "
              + started.id() + " was started)", "machine", null);
        }
        return started;
      }

      @Override
      public DetachedJob attach(String jobId, String stateDirectory) {
        return runner.attach(jobId, stateDirectory);
      }
    });
    try (RemoteRun run = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .access(access).build()) {
      run.up();
      DetachedJob first = run.start();
      awaitAlive(first.id());
      killAsByVanish(first.id());

      Throwable lost = catchThrowable(run::watch);
      assertThat(lost).as("watch() with the relaunch's reply lost").isInstanceOf(SshException.class);
      assertThat(aliveCopies()).as("copies running after the lost reply").hasSize(1);

      Future<?> retried = background.submit(run::watch); // the caller retries: the error was retryable
      awaitCopies(2, Duration.ofSeconds(2));
      List<String> alive = aliveCopies();
      world.releaseJob();
      retried.get(20, TimeUnit.SECONDS);
      assertThat(alive).as("copies of the job running after watch() was retried").hasSize(1);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING: watch() relaunched the vanished job (the journal records the relaunch as job_id) and then threw (a
  // network outage on the host: the job's status read and the platform's refresh both failed). RemoteRun keeps the
  // FIRST, vanished launch as `detached`; jobEnded() asks `detached` when it is set and never the journal's job_id,
  // so the Iron Law evidence says the job ended while the relaunch runs, and the destroy goes through.
  // Fix: jobEnded must ask every job the run may have running: detached, journal().jobId() and startingJobId
  // (and watch should update `detached` as each launch starts, e.g. through the supervisor listener's jobStarted).
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aRelaunchRunningAfterWatchThrewIsNotReportedEndedToTheIronLaw() throws Exception {
    AtomicBoolean outage = new AtomicBoolean();
    RemoteAccess access = outageAfterRelaunch(outage);
    try (RemoteRun run = world.describe(HeldJobWorld.request().runId("r"), "jobs").runDirectory(dir.resolve("run"))
        .access(access).build()) {
      run.up();
      DetachedJob first = run.start();
      awaitAlive(first.id());
      killAsByVanish(first.id());

      Throwable thrown = catchThrowable(run::watch);
      assertThat(thrown).as("watch() during the outage").isNotNull();
      outage.set(false);
      world.simulator.faults().clear();
      String relaunched = run.journal().jobId().orElseThrow();
      assertThat(relaunched).as("the journal records the relaunch").isNotEqualTo(first.id());
      assertThat(aliveCopies()).as("the relaunch runs").containsExactly(relaunched);
      Thread.sleep(500); // the relaunch wrote its checkpoint; nothing more is written after this

      assertThat(run.pull().verified()).isPresent();
      String destroy = "destroy-machine:" + run.machine().id();
      ExecutionReport report = run.down(run.planDown(), Approvals.reversibleOnly().and(destroy));

      StepOutcome outcome = report.outcome(destroy).orElseThrow();
      assertThat(aliveCopies()).as("job still running at the destroy").isNotEmpty();
      assertThat(outcome.status()).as("destroy of a machine whose job runs: " + outcome.detail())
          .isEqualTo(StepOutcome.Status.REFUSED);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING (same root cause as above, double start): after watch() threw with the relaunch running, retrying
  // watch() supervises the stale first launch, sees it VANISHED and relaunches a third copy: two copies run.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void retryingWatchAfterItThrewWithTheRelaunchRunningStartsNoSecondCopy() throws Exception {
    AtomicBoolean outage = new AtomicBoolean();
    RemoteAccess access = outageAfterRelaunch(outage);
    try (RemoteRun run = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .access(access).build()) {
      run.up();
      DetachedJob first = run.start();
      awaitAlive(first.id());
      killAsByVanish(first.id());
      assertThat(catchThrowable(run::watch)).as("watch() during the outage").isNotNull();
      outage.set(false);
      world.simulator.faults().clear();
      assertThat(aliveCopies()).hasSize(1);

      Future<?> retried = background.submit(run::watch);
      awaitCopies(2, Duration.ofSeconds(2));
      List<String> alive = aliveCopies();
      world.releaseJob();
      retried.get(20, TimeUnit.SECONDS);
      assertThat(alive).as("copies of the job running after watch() was retried").hasSize(1);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING: the launcher is not atomic from the outside. Between its mkdir and the wrapper writing `pid` (the
  // launcher itself allows 15 s for that), STATUS reads the job dir as VANISHED (cmd, no pid) or UNKNOWN (no cmd
  // yet). A host that dies while the machine's launcher is in that window (the launcher goes on: sshd does not
  // kill a command without a pty when its channel closes) leaves starting_job_id; the resumed host's start()
  // attaches it, reads VANISHED, adopts it as the launch, and watch() relaunches it under a fresh id; then the
  // original launcher's tmux comes up and starts the job too. Two copies. (Here tmux takes 3 s to come up.)
  // Fix: a job dir without pid and without exit_code must read as STARTING (not VANISHED) while its launcher may
  // still run (e.g. the launcher writes a `launched_at`/lock and status says STARTING until pid or the 15 s
  // launcher deadline passed, then VANISHED); attach of the pending id must wait that out before deciding.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aHostKilledWhileTheMachinesLauncherStillRunsDoesNotLetTheResumedHostStartASecondCopy() throws Exception {
    Path flag = dir.resolve("slow-tmux");
    Files.writeString(flag, "");
    Path shim = world.host.tmuxDirectory().getParent().resolve("bin/tmux");
    Files.writeString(shim, """
        #!/bin/sh
        case "$*" in *new-session*) if [ -f '%s' ]; then rm -f '%s'; sleep 3; fi ;; esac
        PATH=/usr/local/bin:/usr/bin:/bin exec tmux "$@"
        """.formatted(flag, flag));
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));

    Path jobs = world.remoteRoot().resolve("jobs");
    RemoteAccess dying = new ForwardingAccess(world.access(), runner -> new JobRunner() {
      @Override
      public DetachedJob start(JobSpec spec) {
        background.submit(() -> runner.start(spec)); // the launcher runs on the machine ...
        Path cmd = jobs.resolve(spec.jobId().orElseThrow()).resolve("cmd");
        for (int i = 0; i < 200 && !Files.exists(cmd); i++) {
          sleep(10);
        }
        throw new DiesAfterJobStart.HostKilled(spec.jobId().get()); // ... and the host dies before its reply
      }

      @Override
      public DetachedJob attach(String jobId, String stateDirectory) {
        return runner.attach(jobId, stateDirectory);
      }
    }, false);
    try (RemoteRun first = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .access(dying).build()) {
      first.up();
      assertThat(catchThrowable(first::start)).isInstanceOf(DiesAfterJobStart.HostKilled.class);
    }
    try (RemoteRun resumed = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .build()) {
      resumed.up();
      resumed.start();
      Future<?> watching = background.submit(resumed::watch);
      awaitCopies(2, Duration.ofSeconds(3));
      List<String> alive = aliveCopies();
      world.releaseJob();
      watching.get(20, TimeUnit.SECONDS);
      assertThat(alive).as("copies of the job running").hasSize(1);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING: a JobRunner that does not start under JobSpec.jobId (every runner written against the interface
  // before this change; JobRunner and RemoteAccess are public extension points) makes ContractJobRunner throw
  // IllegalStateException AFTER the job started, with the journal naming only the pending id (which does not
  // exist) and not the running job. The next start() (same or resumed host) finds no job and starts another copy;
  // jobEnded() would say "ended" (pending id NotFound = "never reached the machine").
  // Fix (taken): on an id mismatch the journal records the job that did start (jobLaunched(started.id())), with a
  // warning that such a runner leaves the start window open.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aRunnerThatIgnoresTheGivenIdDoesNotLeaveARunningJobTheJournalDoesNotName() throws Exception {
    RemoteAccess legacy = new ForwardingAccess(world.access(), runner -> new JobRunner() {
      @Override
      public DetachedJob start(JobSpec spec) {
        return runner.start(new JobSpec(spec.argv(), spec.workingDirectory(), spec.environment(), spec.stdin(),
            spec.logFile(), spec.stateDirectory()));
      }

      @Override
      public DetachedJob attach(String jobId, String stateDirectory) {
        return runner.attach(jobId, stateDirectory);
      }
    });
    try (RemoteRun first = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .access(legacy).build()) {
      first.up();
      // The run follows the job the runner started under its own id (and warns): the journal names it.
      String started = first.start().id();
      assertThat(first.journal().jobId()).contains(started);
      assertThat(first.journal().startingJobId()).isEmpty();
    }
    assertThat(aliveCopies()).hasSize(1);
    try (RemoteRun resumed = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .build()) {
      resumed.up();
      resumed.start();
      awaitCopies(2, Duration.ofSeconds(2));
      assertThat(aliveCopies()).as("copies of the job running").hasSize(1);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // FINDING: reattach(jobId) ignores a pending start. A host died inside watch() right after the machine started the
  // relaunch j2 (journal: job_id = j1, the vanished launch; starting_job_id = j2). The next host re-attaches the
  // journal's job_id explicitly (public reattach(String), with the id RunJournal.jobId() documents as "the job's
  // latest launch") and watches: `detached` is set, so reattachRecorded() never looks at starting_job_id; j1 reads
  // VANISHED and the supervisor relaunches j3, overwriting the pending j2. Two copies run.
  // Fix: reattach(id) (and watch) must resolve startingJobId first (attach it: found -> it is the latest launch and
  // wins over an older id; NotFound -> clear it), or ContractJobRunner.start must resolve a pending id before it
  // overwrites it.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void reattachingTheJournalsJobIdWhileARelaunchIsPendingStartsNoSecondCopy() throws Exception {
    String vanished;
    try (RemoteRun first = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run")).build()) {
      first.up();
      vanished = first.start().id();
      awaitAlive(vanished);
      killAsByVanish(vanished);
    }
    try (RemoteRun dying = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .access(new DiesAfterJobStart(world.access())).build()) {
      dying.up();
      assertThat(catchThrowable(dying::watch)).isInstanceOf(DiesAfterJobStart.HostKilled.class);
    }
    assertThat(aliveCopies()).as("the relaunch the machine started").hasSize(1);
    try (RemoteRun resumed = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .build()) {
      resumed.up();
      assertThat(resumed.journal().jobId()).contains(vanished);
      resumed.reattach(resumed.journal().jobId().orElseThrow());
      Future<?> watching = background.submit(resumed::watch);
      awaitCopies(2, Duration.ofSeconds(2));
      List<String> alive = aliveCopies();
      world.releaseJob();
      watching.get(20, TimeUnit.SECONDS);
      assertThat(alive).as("copies of the job running").hasSize(1);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // HELD (control): the first start()'s reply is lost in the same host program; retrying start() finds the
  // pending job (detached is still null) and starts no second copy.
  // ---------------------------------------------------------------------------------------------------------------
  @Test
  void aFirstStartWhoseReplyWasLostIsNotStartedAgainWhenStartIsRetried() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    RemoteAccess access = new ForwardingAccess(world.access(), runner -> new JobRunner() {
      @Override
      public DetachedJob start(JobSpec spec) {
        DetachedJob started = runner.start(spec);
        if (starts.incrementAndGet() == 1) {
          throw new SshException("reply lost", "machine", null);
        }
        return started;
      }

      @Override
      public DetachedJob attach(String jobId, String stateDirectory) {
        return runner.attach(jobId, stateDirectory);
      }
    });
    try (RemoteRun run = world.describe(HeldJobWorld.request(), "jobs").runDirectory(dir.resolve("run"))
        .access(access).build()) {
      run.up();
      assertThat(catchThrowable(run::start)).isInstanceOf(SshException.class);
      run.start();
      awaitCopies(2, Duration.ofSeconds(2));
      assertThat(aliveCopies()).hasSize(1);
      assertThat(run.journal().launchCount()).isEqualTo(1);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  /**
   * Access whose second job start (the relaunch) succeeds and then meets a host network outage: every job's status
   * read fails (retryable, as an SSH drop) and the platform API answers 500, until {@code outage} is cleared.
   */
  private RemoteAccess outageAfterRelaunch(AtomicBoolean outage) {
    AtomicInteger starts = new AtomicInteger();
    return new ForwardingAccess(world.access(), runner -> new JobRunner() {
      @Override
      public DetachedJob start(JobSpec spec) {
        DetachedJob started = runner.start(spec);
        if (starts.incrementAndGet() == 2) {
          outage.set(true);
          world.simulator.faults().failNext(10_000, 500);
        }
        return new OutageJob(started, outage);
      }

      @Override
      public DetachedJob attach(String jobId, String stateDirectory) {
        return new OutageJob(runner.attach(jobId, stateDirectory), outage);
      }
    });
  }

  private record OutageJob(DetachedJob job, AtomicBoolean outage) implements DetachedJob {
    @Override
    public String id() {
      return job.id();
    }

    @Override
    public String directory() {
      return job.directory();
    }

    @Override
    public JobStatus status() {
      if (outage.get()) {
        throw new SshException("connection to the machine dropped (host network outage)", "machine", null);
      }
      return job.status();
    }

    @Override
    public List<String> logTail(int lines) {
      return job.logTail(lines);
    }

    @Override
    public void stop(Duration grace) {
      job.stop(grace);
    }
  }

  private Path jobsDir() {
    return world.remoteRoot().resolve("jobs");
  }

  /** Ids of the job directories whose wrapper process is alive. */
  private List<String> aliveCopies() throws Exception {
    return world.aliveJobs("jobs");
  }

  private void awaitAlive(String id) throws Exception {
    for (int i = 0; i < 300 && !aliveCopies().contains(id); i++) {
      Thread.sleep(20);
    }
    assertThat(aliveCopies()).contains(id);
  }

  private void awaitCopies(int n, Duration max) throws Exception {
    world.awaitAliveJobs("jobs", n, max);
  }

  /** SIGKILLs the job's wrapper and everything under it: no exit code is written, so the job reads VANISHED. */
  private void killAsByVanish(String id) throws Exception {
    ProcessHandle wrapper = HeldJobWorld.jobPid(jobsDir().resolve(id)).flatMap(ProcessHandle::of).orElseThrow();
    wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
    wrapper.destroyForcibly();
    wrapper.onExit().get(5, TimeUnit.SECONDS);
    for (int i = 0; i < 100 && aliveCopies().contains(id); i++) {
      Thread.sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
