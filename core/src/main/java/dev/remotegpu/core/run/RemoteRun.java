package dev.remotegpu.core.run;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.CheckpointTransferException;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.core.checkpoint.PullVerified;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.BudgetGuard;
import dev.remotegpu.core.cost.DeclaredRates;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.cost.SpendMeter;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobSupervisor;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.profile.AutoShutdownPolicy;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Product;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.remote.RemoteSession;
import dev.remotegpu.core.remote.ShellInventory;
import dev.remotegpu.core.run.internal.ContractJobRunner;
import dev.remotegpu.core.run.internal.RunBundles;
import dev.remotegpu.core.run.internal.RunDirectory;
import dev.remotegpu.core.run.internal.RunResume;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.Audit;
import dev.remotegpu.core.teardown.DurableInventory;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.core.teardown.VerificationEvidence;
import java.io.IOException;
import java.nio.file.Path;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One training run on one rented machine, driven through the skill's six verbs:
 * {@link #up()} (launch with retry until capacity, wait for the shell), {@link #push(Path, String)} (code on),
 * {@link #start()} (detached under tmux), {@link #watch()} (status, vanish diagnosis, restart and resume
 * across auto-shutdowns), {@link #pull()} (manifest, SHA-256, verify by load) and
 * {@link #down(TeardownPlan, Approvals)} (the teardown plan, gated by the Iron Law).
 *
 * <pre>{@code
 * try (RemoteRun run = RemoteRun.on(platform)
 *     .machine(LaunchRequest.of("A4000", "ny2").fallback("A5000", "ny2").autoShutdown(Duration.ofHours(12)))
 *     .access(SshRemoteAccess.builder().privateKey(key).build())
 *     .job(JobSpec.of("python", "train.py", "--resume-latest"))
 *     .checkpoints("/home/ubuntu/durable", localDir, "run-42")  // the job writes durable/active/run-42/
 *     .verifier(file -> loads(file) ? Verifier.Verdict.accept() : Verifier.Verdict.reject("does not load"))
 *     .build()) {
 *   run.up();
 *   run.push(codeDir, "/home/ubuntu/code");
 *   run.start();
 *   run.watch();
 *   run.pull();
 *   TeardownPlan plan = run.planDown();
 *   run.down(plan, Approvals.of("destroy-machine:" + run.machine().id()));
 * }
 * }</pre>
 *
 * <p>It only composes the platform, the {@link RemoteAccess}, the job supervisor, {@link CheckpointSync} and the
 * teardown plan; each stays usable alone. The verbs are meant to be called from one thread, in order;
 * calling one before its predecessor fails with an {@link IllegalStateException} saying which verb is missing.
 *
 * <p>The run outlives its host program: its {@link RunJournal} is kept in a run directory
 * ({@link Builder#runDirectory(Path)}) and rewritten at each transition. A {@code RemoteRun} built on a directory
 * that holds a journal resumes that run: {@link #up()} adopts the recorded machine (starting it if it is off) and
 * never creates a second one, {@link #start()} re-attaches the recorded job instead of starting a duplicate,
 * {@link #watch()} continues supervising it, and {@link #pull()} continues a cut transfer.
 *
 * <p>Only one {@code RemoteRun} acts on a run directory at a time: {@link #up()}, {@link #adopt(Machine)} and
 * {@link #down(TeardownPlan, Approvals)} take its lock (and re-read the journal another host program may have
 * written since this one was built) and {@link #close()} or the end of the process lets it go. A second host
 * program on the same run fails there with an {@link IllegalStateException} naming the directory, before it acts.
 */
public final class RemoteRun implements AutoCloseable {

  private final Platform platform;
  private final LaunchRequest described;
  private final RemoteAccess access;
  private final JobSpec job;
  private final String remoteRoot;
  private final Path localDir;
  private final String checkpointId;
  private final Verifier verifier;
  private final RunListener listener;
  private final Clock clock;
  private final TimeSource time;
  private final Duration pollInterval;
  private final Duration readyTimeout;
  private final int maxLaunches;
  private final RunDirectory runDirectory;
  private final List<String> durableRoots;
  private final Duration inventoryTimeout;
  private final RunSpend spend;

  private Machine machine;
  private RemoteSession session;
  private DetachedJob detached;
  private Instant jobLaunchedAt;
  private SyncResult pulled;

  private RemoteRun(Builder b) {
    this.platform = b.platform;
    this.runDirectory = RunDirectory.open(b.runDirectory != null ? b.runDirectory : Builder.defaultRunDirectory(
        b.localDir, b.checkpointId), b.checkpointId, b.request, b.clock);
    this.described = b.request;
    this.access = b.access;
    this.job = b.job;
    this.remoteRoot = b.remoteRoot;
    this.localDir = b.localDir;
    this.checkpointId = b.checkpointId;
    this.verifier = b.verifier;
    this.listener = RunListeners.all(RunListeners.logging(), b.listener);
    this.clock = b.clock;
    this.time = b.time;
    this.pollInterval = b.pollInterval;
    this.readyTimeout = b.readyTimeout;
    this.maxLaunches = b.maxLaunches;
    this.durableRoots = List.copyOf(b.durableRoots);
    this.inventoryTimeout = b.inventoryTimeout;
    this.spend = new RunSpend(b.platform, b.budget, b.declaredRates, listener, b.clock, b.readyTimeout);
  }

  /** Starts describing a run on {@code platform}. */
  public static Builder on(Platform platform) {
    return new Builder(platform);
  }

  /** The platform's danger clocks: auto-shutdown, stop-still-bills, orphan snapshots. Show them first. */
  public List<DangerClock> dangerClocks() {
    return platform.profile().dangerClocks();
  }

  /** The machine of this run, as last seen. */
  public synchronized Machine machine() {
    return requireMachine();
  }

  /** The run's journal as last written: run id, machine, job, launches, pulls, teardowns. */
  public RunJournal journal() {
    return runDirectory.journal();
  }

  /** The directory holding the run's journal; build a RemoteRun on it again to resume the run. */
  public Path runDirectory() {
    return runDirectory.path();
  }

  /** The detached job, once started or re-attached. */
  public synchronized Optional<DetachedJob> job() {
    return Optional.ofNullable(detached);
  }

  /**
   * Surfaces the danger clocks, launches the machine with retry until capacity (never a second machine for
   * one launch), waits until it is READY, and opens the remote session. On a resumed run it adopts the machine
   * the journal (or the launch ledger, for the run's id) records instead of launching.
   *
   * @throws IllegalStateException when the run directory's run finished, or another host program (or run object)
   *     acts on it now (nothing is done then)
   * @throws RemoteGpuException when the recorded machine no longer exists (no second machine is created)
   */
  public synchronized Machine up() {
    runDirectory.claim();
    RunJournal journal = runDirectory.journal();
    LaunchRequest request = request();
    if (journal.finished()) {
      throw new IllegalStateException("run " + journal.runId() + " in " + runDirectory.path() + " finished at "
          + journal.finishedAt().orElseThrow() + " (its teardown ran); give the builder a new runDirectory for a "
          + "new run");
    }
    runDirectory.begin();
    Optional<Machine> recorded = RunResume.recordedMachine(platform, journal);
    if (recorded.isPresent()) {
      listener.phase("up", "resuming run " + journal.runId() + " on its machine " + recorded.get().id());
      return adopt(recorded.get());
    }
    listener.phase("up", request.candidates().toString());
    listener.dangerClocks(dangerClocks());
    listener.spendForecast(spend.forecast(request.autoShutdown()));
    Machine launched = platform.launch(request, listener);
    runDirectory.machine(launched.id());
    return adopt(launched);
  }

  /**
   * Takes over a machine that already exists (for example one launched by an earlier process of the same run,
   * found with {@link Platform#machine(String)}): starts it if it is off, waits until READY, and opens the session.
   */
  public synchronized Machine adopt(Machine existing) {
    Objects.requireNonNull(existing, "existing");
    runDirectory.claim();
    Machine current = existing.refresh();
    runDirectory.machine(current.id());
    if (current.state() == MachineState.OFF) {
      current = current.start();
    }
    if (current.state() != MachineState.READY) {
      listener.phase("up", "waiting up to " + readyTimeout.toMinutes() + " min for " + current.id() + " ("
          + current.rawState() + ") to be READY");
    }
    machine = current.awaitState(MachineState.READY, readyTimeout);
    reopenSession(machine);
    listener.machineUp(machine);
    return machine;
  }

  /** Uploads {@code localDir} to {@code remoteDir} on the machine; unchanged files are skipped. */
  public synchronized int push(Path localDir, String remoteDir) {
    listener.phase("push", localDir + " -> " + remoteDir);
    int sent = session().upload(localDir, remoteDir);
    listener.pushed(remoteDir, sent);
    return sent;
  }

  /**
   * Starts the job detached (tmux, or nohup where tmux is absent); it survives SSH drops. The job gets the
   * contract variables in its environment (see {@link Builder#checkpoints}). On a resumed run whose journal
   * records a job, that job is re-attached (running, ended or vanished) and no second one is started.
   */
  public synchronized DetachedJob start() {
    Optional<DetachedJob> recorded = reattachRecorded();
    if (recorded.isPresent()) {
      listener.phase("start", "re-attached job " + recorded.get().id() + " of run " + journal().runId()
          + " (launch " + journal().launchCount() + "); no second job started");
      return recorded.get();
    }
    listener.phase("start", job.argv().toString());
    detached = contractRunner(session()).start(job);
    jobLaunchedAt = clock.instant();
    return detached;
  }

  /**
   * The job the journal says the run follows, cached in {@link #detached}: a start a host program (this one, or one
   * that died) asked for and did not record is settled first (found on the machine, it becomes the launch), and a
   * job the journal names other than the cached one (a relaunch recorded before a watch() failed) replaces it.
   */
  private Optional<DetachedJob> reattachRecorded() {
    runDirectory.claim();
    if (runDirectory.journal().startingJobId().isPresent()) {
      // Only then: session() reopens a dropped connection, which closes the one the cached job reads through, and
      // the supervisor would take that job's "closed by the program" for a failure that retrying cannot help.
      contractRunner(session()).settlePendingStart(job.stateDirectory()).ifPresent(found -> listener.phase("start",
          "found job " + found.id() + " of run " + journal().runId() + ", whose start was not recorded (the host "
          + "program ended or lost the reply); the run follows it"));
    }
    Optional<String> jobId = runDirectory.journal().jobId();
    if (jobId.isEmpty()) {
      return Optional.ofNullable(detached);
    }
    if (detached == null || !detached.id().equals(jobId.get())) {
      detached = session().jobs().attach(jobId.get(), job.stateDirectory());
      jobLaunchedAt = clock.instant();
    }
    return Optional.of(detached);
  }

  private ContractJobRunner contractRunner(RemoteSession s) {
    return new ContractJobRunner(s.jobs(), () -> s.checkpoints(remoteRoot), remoteRoot, runDirectory);
  }

  /**
   * Re-attaches to a job started earlier (by this or another process) by its id, and records it in the journal, so a
   * host program that resumes the run later finds this job, not the one recorded before.
   */
  public synchronized DetachedJob reattach(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    runDirectory.claim();
    detached = session().jobs().attach(jobId, job.stateDirectory());
    runDirectory.jobAttached(jobId);
    if (jobLaunchedAt == null) {
      jobLaunchedAt = clock.instant();
    }
    return detached;
  }

  /**
   * Watches the job until it exits. When it vanishes, or the machine was stopped (an auto-shutdown, for example),
   * diagnoses why (the profile's vanish diagnosis), starts the machine again and relaunches the same command, so a
   * job that loads the latest checkpoint at start continues where it was.
   */
  public SupervisionResult watch() {
    Machine current;
    DetachedJob running;
    Instant launchedAt;
    int launchesLeft;
    synchronized (this) {
      current = requireMachine();
      reattachRecorded();
      running = requireJob();
      launchedAt = jobLaunchedAt;
      launchesLeft = Math.max(1, maxLaunches - Math.max(0, runDirectory.journal().launchCount() - 1));
    }
    listener.phase("watch", running.id());
    PlatformProfile profile = platform.profile();
    JobSupervisor supervisor = JobSupervisor.builder(current, m -> contractRunner(sessionFor(m)))
        .diagnoseWith(profile.vanishDiagnosis(), m -> sessionFor(m).vanishProbe())
        .listener(listener)
        .pollInterval(pollInterval)
        .machineStartTimeout(readyTimeout)
        .maxLaunches(launchesLeft)
        .timeSource(time)
        .haltWhen(spend::beforePoll)
        .build();
    SupervisionResult result = supervisor.supervise(job, running, launchedAt);
    synchronized (this) {
      detached = result.job();
      machine = machine.refresh();
    }
    return result;
  }

  /**
   * Closes the run's checkpoint directory on the machine (active/ to export/ with a PULL_MANIFEST.json, unless
   * already sealed), pulls it to the local directory, checks every file's size and SHA-256, runs the verify-by-load
   * hook, and only then writes PULL_VERIFIED.json. Resumable: run it again after a cut. Call it once the job has
   * ended ({@link #watch()} returned): sealing moves {@code active/<checkpointId>} away from a job still writing there.
   *
   * @throws RemoteGpuException when the bundle does not verify; nothing is recorded as verified then
   * @throws CheckpointTransferException when the transfer was cut (retryable: call pull() again to resume)
   */
  public synchronized SyncResult pull() {
    listener.phase("pull", remoteRoot + " -> " + localDir);
    CheckpointStore remote = session().checkpoints(remoteRoot);
    try {
      RunBundles.sealWhatIsOpen(remote, checkpointId, request().runId(), clock);
      CheckpointSync sync = CheckpointSync.builder().listener(listener).verifier(verifier).clock(clock).build();
      SyncResult result = null;
      for (String id : RunBundles.published(remote, checkpointId)) {
        result = sync.pull(remote, LocalCheckpointStore.at(localDir), id);
        if (result.verified().isEmpty()) {
          throw new RemoteGpuException("checkpoint " + id + " was pulled to " + localDir
              + " but not verified by load; do not tear anything down (Iron Law)");
        }
      }
      if (result == null) {
        throw new RemoteGpuException("no checkpoint " + checkpointId + " to pull in " + remote.location()
            + ": the job wrote nothing to " + CheckpointStore.activeDir(checkpointId));
      }
      runDirectory.pulled(new RunJournal.Pull(clock.instant(), result.verified().isPresent(),
          result.verified().map(PullVerified::manifestSha256), result.filesTotal(), result.bytesTotal()));
      if (result.verified().isEmpty()) {
        throw new RemoteGpuException("checkpoint " + result.checkpointId() + " was pulled to " + localDir
            + " but not verified by load; do not tear anything down (Iron Law)");
      }
      pulled = result;
      listener.pulled(result);
      return result;
    } catch (IOException e) {
      throw new CheckpointTransferException("reading checkpoint " + checkpointId + " in " + remote.location() + " on "
          + requireMachine().id() + " failed: " + e.getMessage() + "; run pull() again, it resumes", checkpointId, e);
    } finally {
      closeQuietly(remote);
    }
  }

  /**
   * What the machine has cost since launch and will cost until its auto-shutdown and per extra hour, from its
   * state history and rates ({@link SpendMeter}: an estimate, not an invoice); empty before {@link #up()} or when
   * the platform keeps no history.
   */
  public Optional<SpendEstimate> spend() {
    Machine current;
    synchronized (this) {
      current = machine;
    }
    return current == null ? Optional.empty() : spend.estimate(current);
  }

  /** The budget guard's stop during {@link #watch()}, with the figures and what still bills, if it stopped. */
  public Optional<BudgetDecision> budgetStop() {
    return spend.budgetStop();
  }

  /** Everything in the account that bills, ours or unknown, priced, with the gotcha that explains it. */
  public Audit audit() {
    return platform.audit();
  }

  /**
   * The plan that ends every bill of this run: stop and destroy the machine, release its static IP, delete its
   * snapshots. Unknown resources in the account are reported, never planned.
   */
  public TeardownPlan planDown() {
    return planDown(TeardownRequest.destroyEverythingOf(machine().id()));
  }

  /** A teardown plan for an explicit request (for example stop only). Nothing runs until {@link #down}. */
  public TeardownPlan planDown(TeardownRequest teardown) {
    listener.phase("down", "plan");
    TeardownPlan plan = platform.planTeardown(teardown);
    listener.planned(plan);
    return plan;
  }

  /**
   * Executes {@code plan}: reversible steps when approved, irreversible ones only with an approval naming that
   * exact step and evidence that the checkpoints were pulled and verified by load against the manifest the
   * machine holds now. Refusals are in the report, not exceptions.
   */
  public ExecutionReport down(TeardownPlan plan, Approvals approvals) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(approvals, "approvals");
    runDirectory.claim();
    listener.phase("down", "execute");
    ExecutionReport report = plan.execute(approvals, evidence());
    runDirectory.tornDown(RunJournals.teardown(report, clock.instant()));
    listener.executed(report);
    return report;
  }

  /**
   * The Iron Law evidence of this run: every local bundle of the run re-hashed against its manifest, bound to the
   * platform's account, this machine and this run, with an inventory of the machine's durable roots that the plan
   * takes again when an irreversible step is about to run. Empty before a pull.
   */
  public synchronized Optional<VerificationEvidence> evidence() {
    if (pulled == null || machine == null) {
      return Optional.empty();
    }
    List<String> roots = new ArrayList<>(List.of("active", "export", "quarantine"));
    roots.addAll(durableRoots);
    DurableInventory inventory = new ShellInventory(this::liveSession, remoteRoot, roots, inventoryTimeout);
    return Optional.of(VerificationEvidence.collect(platform, machine.id(), request().runId(), localDir, inventory,
        jobEnded(), clock));
  }

  private boolean jobEnded() {
    // Every job that may run: the journal's (a resumed run that has not re-attached it, a relaunch recorded before a
    // watch() failed), a start nobody lived to record, and the one this object follows. Read through the current
    // session: a job object may hold one closed by a restart.
    try {
      JobRunner jobs = session().jobs();
      if (!runDirectory.journal().jobEnded(jobs, job.stateDirectory())) {
        return false;
      }
      DetachedJob followed = detached;
      return followed == null || runDirectory.journal().jobId().filter(followed.id()::equals).isPresent()
          || !jobs.attach(followed.id(), job.stateDirectory()).status().isRunning();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private synchronized RemoteSession liveSession() {
    return session();
  }

  /**
   * Closes the remote session and lets another host program (or run object) resume the run; the machine, the job
   * and every bill are left exactly as they are.
   */
  @Override
  public synchronized void close() {
    try {
      if (session != null) {
        session.close();
        session = null;
      }
    } finally {
      runDirectory.endClaim();
    }
  }

  /** What to launch, under the run id of the journal (another host program may have written it since build()). */
  private LaunchRequest request() {
    return described.runId(runDirectory.journal().runId());
  }

  private synchronized RemoteSession sessionFor(Machine m) {
    boolean moved = machine == null || !machine.ssh().equals(m.ssh());
    machine = m;
    if (session == null || moved || !session.isOpen()) {
      reopenSession(m);
    }
    return session;
  }

  private void reopenSession(Machine m) {
    if (session != null) {
      session.close();
    }
    session = access.open(m);
  }

  private RemoteSession session() {
    if (session == null) {
      throw new IllegalStateException("no machine yet: call up() or adopt(machine) first");
    }
    if (!session.isOpen()) {
      reopenSession(requireMachine());
    }
    return session;
  }

  private Machine requireMachine() {
    if (machine == null) {
      throw new IllegalStateException("no machine yet: call up() or adopt(machine) first");
    }
    return machine;
  }

  private DetachedJob requireJob() {
    if (detached == null) {
      throw new IllegalStateException("no job yet: call start() or reattach(jobId) first");
    }
    return detached;
  }

  private static void closeQuietly(CheckpointStore store) {
    try {
      store.close();
    } catch (IOException | RuntimeException e) {
      // closing a finished transfer's channel cannot lose data
    }
  }

  /** Describes a {@link RemoteRun}; {@link #build()} refuses an incomplete or dangerous description. */
  public static final class Builder {
    private final Platform platform;
    private LaunchRequest request;
    private RemoteAccess access;
    private JobSpec job;
    private String remoteRoot;
    private Path localDir;
    private String checkpointId;
    private Verifier verifier;
    private RunListener listener = RunListener.NONE;
    private Clock clock;
    private TimeSource time;
    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration readyTimeout = Duration.ofMinutes(15);
    private int maxLaunches = 10;
    private Path runDirectory;
    private final List<String> durableRoots = new ArrayList<>();
    private Duration inventoryTimeout = Duration.ofMinutes(10);
    private Optional<Product> product = Optional.empty();
    private Optional<Duration> plannedRunLength = Optional.empty();
    private Optional<BudgetGuard> budget = Optional.empty();
    private Optional<DeclaredRates> declaredRates = Optional.empty();

    private Builder(Platform platform) {
      this.platform = Objects.requireNonNull(platform, "platform");
      this.time = Objects.requireNonNull(platform.timeSource(), "platform.timeSource()");
      this.clock = time.clock();
    }

    /** What to launch: candidates, disk, IP kind, auto-shutdown window, retry budget. Required. */
    public Builder machine(LaunchRequest request) {
      this.request = Objects.requireNonNull(request, "request");
      return this;
    }

    /** How to reach the machine's shell and files (for example SSH). Required. */
    public Builder access(RemoteAccess access) {
      this.access = Objects.requireNonNull(access, "access");
      return this;
    }

    /** The job to run detached; it should load the latest checkpoint at start. Required. */
    public Builder job(JobSpec job) {
      Objects.requireNonNull(job, "job");
      if (job.jobId().isPresent()) {
        throw new IllegalArgumentException("a run's job must not name a jobId (" + job.jobId().get() + "): the run "
            + "starts each launch under a fresh id that it records before the start, so a host program that dies "
            + "in between never starts a second copy");
      }
      this.job = job;
      return this;
    }

    /**
     * Where the checkpoints live: {@code remoteRoot} on the machine's durable disk (the job writes into
     * {@code active/<checkpointId>} under it), and the local directory they are pulled to. Required.
     *
     * <p>The job contract: every launch of the job (the first, and each relaunch after an auto-shutdown or a
     * vanish, by this or a later host process) gets these variables in its environment:
     * <ul>
     *   <li>{@code REMOTEGPU_RUN_ID}: the run id (the same across launches and host processes);</li>
     *   <li>{@code REMOTEGPU_CHECKPOINT_DIR}: {@code <remoteRoot>/active/<checkpointId>}, where the job writes;</li>
     *   <li>{@code REMOTEGPU_RESUME_FROM}: the newest file under that directory (by modification time), absent
     *       when there is none: load it at start to continue;</li>
     *   <li>{@code REMOTEGPU_LAUNCH}: 1 for the first launch, 2 for the first relaunch, and so on.</li>
     * </ul>
     * The layout the job must write: each checkpoint as one or more files under {@code $REMOTEGPU_CHECKPOINT_DIR}
     * (sub-directories allowed, for example {@code step-000200/model.pt}), each written under a temporary name
     * ending in {@code .tmp} and renamed when complete, so a half-written file is never offered as
     * {@code REMOTEGPU_RESUME_FROM}; {@link RemoteRun#pull()} seals the whole directory into
     * {@code export/<checkpointId>} once the job has ended.
     * <pre>
     * &lt;remoteRoot&gt;/active/&lt;checkpointId&gt;/step-000100.pt     written by the job
     * &lt;remoteRoot&gt;/active/&lt;checkpointId&gt;/step-000200.pt.tmp renamed to step-000200.pt when complete
     * &lt;remoteRoot&gt;/export/&lt;checkpointId&gt;/PULL_MANIFEST.json  written by pull() (sealing)
     * </pre>
     */
    public Builder checkpoints(String remoteRoot, Path localDir, String checkpointId) {
      this.remoteRoot = Objects.requireNonNull(remoteRoot, "remoteRoot");
      this.localDir = Objects.requireNonNull(localDir, "localDir");
      this.checkpointId = Objects.requireNonNull(checkpointId, "checkpointId");
      return this;
    }

    /**
     * The host's verify-by-load hook, run on every pulled file before PULL_VERIFIED.json is written. Required:
     * the Iron Law takes only checkpoints that loaded as evidence. {@link Verifier#NONE} is accepted when
     * passed on purpose, and then the evidence says only that sizes and digests matched.
     */
    public Builder verifier(Verifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * The directory holding the run's journal ({@value RunJournal#FILE_NAME}); by default
     * {@code <localDir>/runs/<checkpointId>} of {@link #checkpoints}. When it holds a journal already, the run
     * built is that run, resumed (see {@link RemoteRun}); read it without a run with {@link RunJournal#read}.
     */
    public Builder runDirectory(Path runDirectory) {
      this.runDirectory = Objects.requireNonNull(runDirectory, "runDirectory");
      return this;
    }

    static Path defaultRunDirectory(Path localDir, String checkpointId) {
      return localDir.resolve("runs").resolve(checkpointId);
    }

    /**
     * More places on the machine whose files the Iron Law must find in a verified bundle before an irreversible
     * step (besides {@code active/}, {@code export/} and {@code quarantine/} under the checkpoint root); relative to
     * that root, or absolute.
     */
    public Builder durableRoots(String... roots) {
      for (String root : roots) {
        durableRoots.add(Objects.requireNonNull(root, "root"));
      }
      return this;
    }

    /** How long the inventory of the durable roots may take (it hashes every file on the machine; 10 min). */
    public Builder inventoryTimeout(Duration timeout) {
      this.inventoryTimeout = requirePositive(timeout, "inventoryTimeout");
      return this;
    }

    /**
     * Receives progress events after the run's SLF4J log ({@link RunListeners#logging()}, always on), for
     * example {@link RunListeners#console()}; combine several with {@link RunListeners#all}. A listener that
     * throws is logged and skipped; the run goes on.
     */
    public Builder listener(RunListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The clock for manifests and verification records, with real sleeps (the platform's {@link
     * Platform#timeSource() time source} by default).
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.time = TimeSource.of(clock);
      return this;
    }

    /**
     * The clock and the sleeper of every wait of the run (job polls, machine starts), and its stamps. By default the
     * platform's ({@link Platform#timeSource()}), so setting it where the platform is built is enough (a simulated
     * clock whose sleeper advances it plays a run of hours in milliseconds).
     */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      this.clock = time.clock();
      return this;
    }

    /** How often the job's status is read while watching (30 s by default). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = requirePositive(pollInterval, "pollInterval");
      return this;
    }

    /** How long a machine may take to become READY after a launch or a start (15 min by default). */
    public Builder readyTimeout(Duration readyTimeout) {
      this.readyTimeout = requirePositive(readyTimeout, "readyTimeout");
      return this;
    }

    /** How many times the job may be launched in all, relaunches after auto-shutdowns included (10). */
    public Builder maxLaunches(int maxLaunches) {
      if (maxLaunches < 1) {
        throw new IllegalArgumentException("maxLaunches must be at least 1: " + maxLaunches);
      }
      this.maxLaunches = maxLaunches;
      return this;
    }

    /**
     * Declares the product the run is for and how long it must run in one piece; {@link #build()} refuses a run
     * longer than the auto-shutdown ceiling of a product that cannot host a supervised daemon (a managed notebook,
     * for example), citing the profile's auto-shutdown gotcha.
     * When the launch request keeps the default window ({@link LaunchRequest#DEFAULT_AUTO_SHUTDOWN}), it is
     * replaced by the smallest window covering the run, or the next checkpoint of the budget guard when the
     * supervisor will restart ({@link DeadMansSwitch}); a window you set yourself is kept.
     */
    public Builder plannedRun(Product product, Duration length) {
      this.product = Optional.of(Objects.requireNonNull(product, "product"));
      this.plannedRunLength = Optional.of(requirePositive(length, "length"));
      return this;
    }

    /**
     * A budget for the run: before each poll of the job, when what the machine has cost plus the next checkpoint
     * interval would pass it, the machine is stopped (reversible) and {@link #watch()} returns with the reason;
     * {@link RemoteRun#budgetStop()} says what still bills. {@link BudgetGuard#of} refuses a budget below one
     * checkpoint interval.
     */
    public Builder budget(BudgetGuard guard) {
      this.budget = Optional.of(Objects.requireNonNull(guard, "guard"));
      return this;
    }

    /**
     * The rates you expect the machine type to cost (the platform gives no price before launch): {@link #up()}
     * then shows the spend ahead, labelled an estimate from your declared rate, before the machine is created.
     */
    public Builder declaredRates(DeclaredRates rates) {
      this.declaredRates = Optional.of(Objects.requireNonNull(rates, "rates"));
      return this;
    }

    /**
     * Checks the description and returns the run.
     *
     * @throws IllegalStateException when a required part is missing, naming it
     * @throws ValidationException when the planned run cannot finish on the declared product, or the request has no
     *     auto-shutdown on a platform whose profile has one (citing {@code gotchaIdFor(Hazard.AUTO_SHUTDOWN)})
     */
    public RemoteRun build() {
      requireSet(request, "machine(LaunchRequest)");
      requireSet(access, "access(RemoteAccess)");
      requireSet(job, "job(JobSpec)");
      requireSet(remoteRoot, "checkpoints(remoteRoot, localDir, checkpointId)");
      requireSet(verifier, "verifier(Verifier) (the verify-by-load hook the Iron Law relies on)");
      PlatformProfile profile = platform.profile();
      if (request.autoShutdown().isEmpty() && profile.hasAutoShutdown()) {
        throw new ValidationException("a launch on " + profile.platform() + " never goes without an auto-shutdown",
            List.of(new ValidationException.Issue("autoShutdown", "the request has none, so a host program that"
                + " dies leaves the machine billing until someone stops it: set one consciously, e.g. the smallest"
                + " window covering the run (DeadMansSwitch.window) with checkpoints before it")),
            profile.gotchaIdFor(Hazard.AUTO_SHUTDOWN).orElse(null));
      }
      if (product.isPresent()) {
        refuseRunLongerThanCeiling(product.get(), plannedRunLength.orElseThrow());
        Optional<AutoShutdownPolicy> policy = platform.profile().autoShutdownPolicies().stream()
            .filter(p -> p.product().equals(product.get())).findFirst();
        if (policy.isPresent() && request.autoShutdown().equals(Optional.of(LaunchRequest.DEFAULT_AUTO_SHUTDOWN))) {
          request = request.autoShutdown(DeadMansSwitch.window(plannedRunLength.orElseThrow(),
              budget.map(BudgetGuard::checkpointInterval), policy.get()));
        }
      }
      return new RemoteRun(this);
    }

    private void refuseRunLongerThanCeiling(Product declared, Duration length) {
      PlatformProfile profile = platform.profile();
      Optional<AutoShutdownPolicy> found = profile.autoShutdownPolicies().stream()
          .filter(p -> p.product().equals(declared)).findFirst();
      if (found.isEmpty()) {
        return; // nothing shuts this product down (a box you own): no ceiling to refuse against
      }
      AutoShutdownPolicy policy = found.get();
      if (detachPrimitive(profile, declared).isEmpty() && length.compareTo(policy.maxWindow()) > 0) {
        String ceiling = policy.maxWindow().toHours() + " h";
        List<String> resumable = profile.products().stream()
            .flatMap(p -> detachPrimitive(profile, p).map(d -> p.name() + " + " + d).stream()).toList();
        throw new ValidationException("the run cannot finish on " + declared.name(),
            List.of(new ValidationException.Issue("plannedRunLength", length.toHours() + " h exceeds the "
                + ceiling + " auto-shutdown ceiling of " + declared.name() + ", which has no detach primitive to "
                + "resume under; run it on a product that has one"
                + (resumable.isEmpty() ? "" : " (" + String.join(", ", resumable) + ")")
                + " with checkpoints and load-latest")), profile.gotchaIdFor(Hazard.AUTO_SHUTDOWN).orElse(null));
      }
    }

    /** The product's detach primitive (its flavour's DETACH script variable), when it can host a daemon. */
    private static Optional<String> detachPrimitive(PlatformProfile profile, Product product) {
      return profile.scriptOverrides().stream().filter(o -> o.flavour().equals(product.flavour()))
          .flatMap(o -> o.value("DETACH").filter(v -> !v.isBlank()).stream()).findFirst();
    }

    private static void requireSet(Object value, String what) {
      if (value == null) {
        throw new IllegalStateException("a RemoteRun needs " + what + " before build()");
      }
    }

    private static Duration requirePositive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
