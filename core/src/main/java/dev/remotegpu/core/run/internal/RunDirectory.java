package dev.remotegpu.core.run.internal;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.internal.AtomicFiles;
import dev.remotegpu.core.run.RunJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The run directory of a {@code RemoteRun}: holds its {@link RunJournal} and rewrites it atomically (unique
 * temporary file, forced to disk, renamed over {@value RunJournal#FILE_NAME}) at each transition. Opened on an
 * existing journal, it resumes it; a new one is written at the first transition.
 *
 * <p>Only one holder acts on a run at a time: {@link #claim()} takes an exclusive lock on {@value #LOCK_FILE}
 * (a file lock between processes; the JVM's own check inside one process), re-reads the journal another holder may
 * have written since this one was opened, and keeps the lock until {@link #endClaim()} or the process ends.
 */
public final class RunDirectory {
  /** The lock file inside a run directory. */
  public static final String LOCK_FILE = "run.lock";

  private final Path dir;
  private final Clock clock;
  private final String checkpointId;
  private boolean resumed;
  private RunJournal journal;
  private boolean written;
  private FileChannel lockChannel;
  private FileLock lock;

  private RunDirectory(Path dir, Clock clock, RunJournal journal, boolean resumed) {
    this.dir = dir;
    this.clock = clock;
    this.checkpointId = journal.checkpointId();
    this.journal = journal;
    this.resumed = resumed;
    this.written = resumed;
  }

  /**
   * The run directory {@code dir}: resumed when it holds a journal (whose run id then wins over the request's),
   * else a new run of {@code request} (nothing is written until the first transition).
   *
   * @throws IllegalStateException when the journal there belongs to another checkpoint id
   * @throws UncheckedIOException when the journal there cannot be read
   */
  public static RunDirectory open(Path dir, String checkpointId, LaunchRequest request, Clock clock) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(checkpointId, "checkpointId");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(clock, "clock");
    if (RunJournal.existsIn(dir)) {
      return new RunDirectory(dir, clock, readOwn(dir, checkpointId), true);
    }
    RunJournal fresh = new RunJournal(RunJournal.FORMAT_VERSION, request.runId(), checkpointId, request,
        Optional.empty(), Optional.empty(), Optional.empty(), 0, List.of(), List.of(), Optional.empty(),
        clock.instant());
    return new RunDirectory(dir, clock, fresh, false);
  }

  private static RunJournal readOwn(Path dir, String checkpointId) {
    RunJournal found = RunJournal.read(dir);
    if (!found.checkpointId().equals(checkpointId)) {
      throw new IllegalStateException("the run directory " + dir + " holds run " + found.runId()
          + " of checkpoint id '" + found.checkpointId() + "', not '" + checkpointId + "': give this run its own "
          + "runDirectory, or the same checkpoint id to resume that run");
    }
    return found;
  }

  /**
   * Makes this holder the only one acting on the run, until {@link #endClaim()}: takes the lock on
   * {@value #LOCK_FILE} and re-reads the journal (another holder may have launched, started or pulled since this
   * one was opened). Does nothing when this holder has it already.
   *
   * @throws IllegalStateException when another holder (another host program, or another run object in this one)
   *     acts on the run now, naming the directory
   * @throws UncheckedIOException when the lock file cannot be made, or the journal found is damaged
   */
  public synchronized void claim() {
    if (lock != null) {
      return;
    }
    Path file = dir.resolve(LOCK_FILE);
    FileChannel channel = null;
    FileLock taken = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        taken = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        taken = null; // another run object of this JVM holds it
      }
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock the run directory " + dir + " (" + file + ": " + e.getMessage()
          + "); nothing was done: fix the path or permissions, then resume", e);
    }
    if (taken == null) {
      closeQuietly(channel);
      throw new IllegalStateException("the run directory " + dir + " is in use by another host program or run object"
          + " (it holds the lock " + file + "): only one may act on run " + journal.runId() + " at a time; close the"
          + " other (or let it exit) and resume then: nothing was done here");
    }
    try {
      if (RunJournal.existsIn(dir)) {
        journal = readOwn(dir, checkpointId);
        written = true;
        resumed = true;
      }
    } catch (RuntimeException e) {
      releaseLock(taken, channel);
      throw e;
    }
    lockChannel = channel;
    lock = taken;
  }

  /** Lets another holder act on the run (after {@link #claim()}); the journal stays as written. */
  public synchronized void endClaim() {
    if (lock != null) {
      releaseLock(lock, lockChannel);
      lock = null;
      lockChannel = null;
    }
  }

  private static void releaseLock(FileLock held, FileChannel channel) {
    try {
      held.release();
    } catch (IOException e) {
      // closing the channel below releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // the lock goes with the channel or with the process
      }
    }
  }

  /** The directory. */
  public Path path() {
    return dir;
  }

  /**
   * Whether a journal was found when the directory was opened or claimed (a run resumed after its host program
   * ended).
   */
  public synchronized boolean resumed() {
    return resumed;
  }

  /** The journal as last written (or as it will be first written). */
  public synchronized RunJournal journal() {
    return journal;
  }

  /** Writes the journal if it was never written (the run's first transition begins). */
  public synchronized void begin() {
    if (!written) {
      update(j -> j);
    }
  }

  /** Records the run's machine. */
  public synchronized void machine(String machineId) {
    Objects.requireNonNull(machineId, "machineId");
    if (journal.machineId().filter(machineId::equals).isPresent()) {
      return;
    }
    update(j -> copy(j, Optional.of(machineId), j.jobId(), j.startingJobId(), j.launchCount(), j.pulls(),
        j.teardownExecutions(), j.finishedAt()));
  }

  /**
   * Records the id a launch of the job is about to start under, before the machine is asked: a host that dies
   * before {@link #jobLaunched} leaves it for the next start to look for.
   */
  public synchronized void jobStarting(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    update(j -> copy(j, j.machineId(), j.jobId(), Optional.of(jobId), j.launchCount(), j.pulls(),
        j.teardownExecutions(), j.finishedAt()));
  }

  /** Records a new launch of the job (by any process): its id, and one more launch; no start is pending. */
  public synchronized void jobLaunched(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    update(j -> copy(j, j.machineId(), Optional.of(jobId), Optional.empty(), j.launchCount() + 1, j.pulls(),
        j.teardownExecutions(), j.finishedAt()));
  }

  /**
   * Records that the run follows job {@code jobId} from now on, started earlier (a re-attach by id): its launch is
   * counted once, not again.
   */
  public synchronized void jobAttached(String jobId) {
    Objects.requireNonNull(jobId, "jobId");
    if (journal.jobId().filter(jobId::equals).isPresent()) {
      return;
    }
    // A pending start under this id is the job attached: settled, it must not count as a launch again.
    update(j -> copy(j, j.machineId(), Optional.of(jobId), j.startingJobId().filter(id -> !id.equals(jobId)),
        Math.max(1, j.launchCount()), j.pulls(), j.teardownExecutions(), j.finishedAt()));
  }

  /** Records a pull that ended. */
  public synchronized void pulled(RunJournal.Pull pull) {
    Objects.requireNonNull(pull, "pull");
    update(j -> copy(j, j.machineId(), j.jobId(), j.startingJobId(), j.launchCount(), append(j.pulls(), pull),
        j.teardownExecutions(), j.finishedAt()));
  }

  /** Records an executed teardown; a complete one finishes the run. */
  public synchronized void tornDown(RunJournal.TeardownExecution execution) {
    Objects.requireNonNull(execution, "execution");
    update(j -> copy(j, j.machineId(), j.jobId(), j.startingJobId(), j.launchCount(), j.pulls(),
        append(j.teardownExecutions(), execution),
        execution.complete() ? Optional.of(j.finishedAt().orElse(execution.at())) : j.finishedAt()));
  }

  /** The journal {@code j} with the given parts, in this release's format, written now. */
  private RunJournal copy(RunJournal j, Optional<String> machineId, Optional<String> jobId,
      Optional<String> startingJobId, int launchCount, List<RunJournal.Pull> pulls,
      List<RunJournal.TeardownExecution> teardowns, Optional<Instant> finishedAt) {
    return new RunJournal(RunJournal.FORMAT_VERSION, j.runId(), j.checkpointId(), j.launchRequest(), machineId,
        jobId, startingJobId, launchCount, pulls, teardowns, finishedAt, clock.instant());
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  private void update(UnaryOperator<RunJournal> change) {
    RunJournal next = change.apply(journal);
    if (next == journal) {
      next = copy(journal, journal.machineId(), journal.jobId(), journal.startingJobId(), journal.launchCount(),
          journal.pulls(), journal.teardownExecutions(), journal.finishedAt());
    }
    write(next);
    journal = next;
    written = true;
  }

  private void write(RunJournal next) {
    Path file = dir.resolve(RunJournal.FILE_NAME);
    try {
      Files.createDirectories(dir);
      AtomicFiles.replace(file, JournalCodec.encode(next).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run journal " + file + " (" + e.getMessage() + "); the run "
          + "cannot be resumed after a crash until it is writable: fix the path or permissions", e);
    }
  }
}
