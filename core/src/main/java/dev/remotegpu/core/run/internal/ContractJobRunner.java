package dev.remotegpu.core.run.internal;

import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.StoredFile;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every launch of a run's job (the first and each relaunch) with the job contract in its environment,
 * and records the launch in the run directory: its id before the machine is asked, the launch once it accepted:
 * {@code REMOTEGPU_RUN_ID}, {@code REMOTEGPU_CHECKPOINT_DIR} ({@code <remoteRoot>/active/<checkpointId>}),
 * {@code REMOTEGPU_RESUME_FROM} (the newest complete file there, absent when there is none) and
 * {@code REMOTEGPU_LAUNCH} (1 for the first launch, counted across host processes).
 */
public final class ContractJobRunner implements JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ContractJobRunner.class);
  /** The variable names of the contract. */
  public static final String RUN_ID = "REMOTEGPU_RUN_ID";
  public static final String CHECKPOINT_DIR = "REMOTEGPU_CHECKPOINT_DIR";
  public static final String RESUME_FROM = "REMOTEGPU_RESUME_FROM";
  public static final String LAUNCH = "REMOTEGPU_LAUNCH";

  private final JobRunner delegate;
  private final Supplier<CheckpointStore> store;
  private final String remoteRoot;
  private final RunDirectory runDirectory;

  /** Starts through {@code delegate}, reading checkpoints from {@code store} (closed after each look). */
  public ContractJobRunner(JobRunner delegate, Supplier<CheckpointStore> store, String remoteRoot,
      RunDirectory runDirectory) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.store = Objects.requireNonNull(store, "store");
    this.remoteRoot = Objects.requireNonNull(remoteRoot, "remoteRoot");
    this.runDirectory = Objects.requireNonNull(runDirectory, "runDirectory");
  }

  @Override
  public DetachedJob start(JobSpec spec) {
    Optional<DetachedJob> pending = settlePendingStart(spec.stateDirectory());
    if (pending.isPresent()) {
      return pending.get();
    }
    var journal = runDirectory.journal();
    String active = CheckpointStore.activeDir(journal.checkpointId());
    Map<String, String> env = new LinkedHashMap<>(spec.environment());
    env.remove(RESUME_FROM);
    env.put(RUN_ID, journal.runId());
    env.put(CHECKPOINT_DIR, join(remoteRoot, active));
    latest(active).ifPresent(path -> env.put(RESUME_FROM, join(remoteRoot, active + "/" + path)));
    env.put(LAUNCH, Integer.toString(journal.launchCount() + 1));
    // The id is journalled before the machine is asked: a host that dies before the answer leaves it, and the
    // next start finds that job instead of starting a second copy (RemoteRun's reattachRecorded).
    String id = spec.jobId().orElseGet(JobSpec::freshJobId);
    runDirectory.jobStarting(id);
    DetachedJob started = delegate.start(new JobSpec(spec.argv(), spec.workingDirectory(), env, spec.stdin(),
        spec.logFile(), spec.stateDirectory(), Optional.of(id)));
    if (!started.id().equals(id)) {
      // A runner that ignores JobSpec.jobId(): the job runs under its own id, which the journal must name. Its
      // start was not recorded before it ran, so a host that dies during such a start can still start a second one.
      LOG.warn("job runner {} started job {} instead of the id {} it was given; the run follows {}, but a host program"
          + " that dies during such a start leaves no trace of it: use a runner that starts under JobSpec.jobId()",
          delegate.getClass().getName(), started.id(), id, started.id());
    }
    runDirectory.jobLaunched(started.id());
    return started;
  }

  /**
   * The job of a start that was asked for and not recorded (its host died, or the reply was lost), now recorded as
   * the run's latest launch, when the machine has it under {@code stateDirectory}: it is not started twice. Empty
   * when no start is pending or it never reached the machine.
   */
  public Optional<DetachedJob> settlePendingStart(String stateDirectory) {
    Optional<String> pending = runDirectory.journal().startingJobId();
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    DetachedJob found;
    try {
      found = delegate.attach(pending.get(), stateDirectory);
    } catch (NotFoundException e) {
      return Optional.empty(); // that start never reached the machine
    }
    runDirectory.jobLaunched(pending.get());
    return Optional.of(found);
  }

  @Override
  public DetachedJob attach(String jobId, String stateDirectory) {
    return delegate.attach(jobId, stateDirectory);
  }

  /** The newest file under {@code active} (by modification time, then path), skipping *.tmp and *.partial. */
  private Optional<String> latest(String active) {
    try (CheckpointStore s = store.get()) {
      return s.files(active).stream()
          .filter(f -> !f.path().endsWith(".tmp") && !f.path().endsWith(".partial"))
          .max(Comparator.comparing(StoredFile::modified).thenComparing(StoredFile::path))
          .map(StoredFile::path);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list the checkpoints in " + active + " to set "
          + RESUME_FROM + ": " + e.getMessage() + "; the job was not started", e);
    }
  }

  private static String join(String root, String path) {
    return root.endsWith("/") ? root + path : root + "/" + path;
  }
}
