package dev.remotegpu.core.run;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.run.internal.JournalCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The journal of a {@link RemoteRun}, as kept in its run directory ({@value #FILE_NAME}, versioned JSON that a
 * person can read): what was launched, which machine and job the run owns, how often the job was launched,
 * what was pulled and which teardowns ran. {@link RemoteRun} rewrites it atomically at each transition and
 * resumes from it after a crash; tools (the CLI, a dashboard) read it with {@link #read(Path)}.
 *
 * @param formatVersion the journal format's version ({@value #FORMAT_VERSION} for this release)
 * @param runId the run id; the machine's name and the ledger entries carry it
 * @param checkpointId the id under which the job writes checkpoints ({@code active/<checkpointId>})
 * @param launchRequest what the run asked to launch
 * @param machineId the platform id of the run's machine, once it was launched
 * @param jobId the id of the job's latest launch, once the job was started
 * @param startingJobId the id a launch was about to start under: written before the machine is asked to start it
 *     and cleared once it answered, so it is present only after a host program died (or lost the connection) in
 *     between; the next start looks for that job on the machine before it starts another
 * @param launchCount how many times the job was launched in all, relaunches by any process included
 * @param pulls every pull that ended (verified or not), oldest first
 * @param teardownExecutions every executed teardown plan, oldest first
 * @param finishedAt when the run finished (a teardown that executed all its steps), if it did
 * @param updatedAt when the journal was last written
 */
public record RunJournal(
    int formatVersion,
    String runId,
    String checkpointId,
    LaunchRequest launchRequest,
    Optional<String> machineId,
    Optional<String> jobId,
    Optional<String> startingJobId,
    int launchCount,
    List<Pull> pulls,
    List<TeardownExecution> teardownExecutions,
    Optional<Instant> finishedAt,
    Instant updatedAt) {

  /** The journal's file name inside a run directory. */
  public static final String FILE_NAME = "run.json";

  /**
   * The format version this release writes; it reads this one and version 1 (written before
   * {@link #startingJobId()} was recorded, read as none).
   */
  public static final int FORMAT_VERSION = 2;

  public RunJournal {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(checkpointId, "checkpointId");
    Objects.requireNonNull(launchRequest, "launchRequest");
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(startingJobId, "startingJobId");
    pulls = List.copyOf(Objects.requireNonNull(pulls, "pulls"));
    teardownExecutions = List.copyOf(Objects.requireNonNull(teardownExecutions, "teardownExecutions"));
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (launchCount < 0) {
      throw new IllegalArgumentException("launchCount must not be negative: " + launchCount);
    }
  }

  /**
   * Whether every job this journal says may be running has ended, asked through {@code jobs} under
   * {@code stateDirectory}: the recorded job (ended or vanished) and a start a host program did not live to record
   * (ended, vanished, or never reached the machine). False when a job cannot be asked (the machine is off or does not
   * answer) or the recorded one is not found: the Iron Law then treats the job as possibly running.
   */
  public boolean jobEnded(JobRunner jobs, String stateDirectory) {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
    try {
      if (jobId.isPresent() && jobs.attach(jobId.get(), stateDirectory).status().isRunning()) {
        return false;
      }
      if (startingJobId.isPresent() && !startingJobId.equals(jobId)) {
        try {
          return !jobs.attach(startingJobId.get(), stateDirectory).status().isRunning();
        } catch (NotFoundException e) {
          return true; // that start never reached the machine
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Reads the journal of the run directory {@code runDir}.
   *
   * @throws UncheckedIOException when there is no journal there, it cannot be read, or it is not a journal of
   *     a version this release reads (the message names the file)
   */
  public static RunJournal read(Path runDir) {
    Path file = Objects.requireNonNull(runDir, "runDir").resolve(FILE_NAME);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(file)) {
        throw new UncheckedIOException("the run journal " + file + " is a link to " + linkTarget(file) + ", which is "
            + "not there (an unmounted or moved disk?): restore it before resuming; the run is not started afresh",
            e);
      }
      throw new UncheckedIOException("no run journal in " + runDir + " (" + FILE_NAME + " is missing): "
          + "this is not the run directory of a RemoteRun", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run journal " + file + ": " + e.getMessage(), e);
    }
    return JournalCodec.decode(text, file);
  }

  /**
   * Whether {@code runDir} holds a run journal: anything named {@value #FILE_NAME} there counts (a link whose
   * target is gone too), so that {@link #read} refuses what is damaged instead of a fresh run starting over it.
   */
  public static boolean existsIn(Path runDir) {
    return Files.exists(Objects.requireNonNull(runDir, "runDir").resolve(FILE_NAME), LinkOption.NOFOLLOW_LINKS);
  }

  private static String linkTarget(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return "a path that cannot be read (" + e.getMessage() + ")";
    }
  }

  /** Whether the run finished: a teardown executed every step of its plan. */
  public boolean finished() {
    return finishedAt.isPresent();
  }

  /** The last pull whose files were verified by load, if any. */
  public Optional<Pull> lastVerifiedPull() {
    return pulls.stream().filter(Pull::verified).reduce((a, b) -> b);
  }

  /**
   * One pull of the run's checkpoint to the host.
   *
   * @param at when it ended
   * @param verified whether every file matched the manifest and passed verify-by-load
   * @param manifestSha256 the SHA-256 of the pulled manifest, when it was verified
   * @param files how many files the bundle holds
   * @param bytes how many bytes the bundle holds
   */
  public record Pull(Instant at, boolean verified, Optional<String> manifestSha256, long files, long bytes) {
    public Pull {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(manifestSha256, "manifestSha256");
    }
  }

  /**
   * One executed teardown plan.
   *
   * @param at when it ended
   * @param executed the ids of the steps that ran (or had run already)
   * @param refused the ids of the steps the gate refused
   * @param failed the ids of the steps that failed
   * @param complete whether every step of the plan executed
   */
  public record TeardownExecution(Instant at, List<String> executed, List<String> refused, List<String> failed,
      boolean complete) {
    public TeardownExecution {
      Objects.requireNonNull(at, "at");
      executed = List.copyOf(executed);
      refused = List.copyOf(refused);
      failed = List.copyOf(failed);
    }
  }
}
