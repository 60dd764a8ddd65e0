package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.run.RunJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What {@code remotegpu run} leaves for {@code status}, {@code logs}, {@code pull} and {@code down}: a directory
 * that is the SDK's run directory ({@link RunJournal}, {@value RunJournal#FILE_NAME}: run id, checkpoint id,
 * machine, job, pulls, teardowns, written by {@link dev.remotegpu.core.run.RemoteRun}), plus what the journal does
 * not hold, in {@value #FILE}: whether the run is simulated, the remote root and job state directory, where
 * checkpoints are pulled to and the task file it ran (copied as {@code task.yaml}); and {@code pulled/}.
 *
 * @param dir the run directory
 * @param runId the run id (the journal's; the task's name before the journal exists)
 * @param simulated whether the run is in the simulated account
 * @param machineId the machine, once launched (from the journal)
 * @param jobId the detached job, once started (from the journal)
 * @param remoteRoot the durable directory on the machine
 * @param jobStateDirectory where the job's state lives on the machine
 * @param checkpointId the checkpoint id (the journal's; the task's before the journal exists)
 * @param pulledDir where checkpoints are pulled to
 * @param taskSource the task file the run was started from (its directory is the verifier's working directory)
 */
record RunDirectory(Path dir, String runId, boolean simulated, Optional<String> machineId, Optional<String> jobId,
    String remoteRoot, String jobStateDirectory, String checkpointId, Path pulledDir, Path taskSource) {
  static final String FILE = "remotegpu-cli.json";
  static final String TASK_COPY = "task.yaml";

  /** The task the run was started from: the original file when it is still there, else the copy in the directory. */
  TaskFile task() {
    return TaskFileParser.parse(Files.isRegularFile(taskSource) ? taskSource : dir.resolve(TASK_COPY));
  }

  /** The machine id, or a {@link CliException} (exit 4) saying the run never launched one. */
  String requireMachine() {
    return machineId.orElseThrow(() -> new CliException(ExitCodes.CONFIG, "run directory " + dir
        + " has no machine: the run never launched one, so there is nothing to reach or tear down"));
  }

  /** Writes what the journal lacks to {@value #FILE}, atomically. */
  void write() {
    ObjectNode node = JsonOutput.document("run-directory");
    node.put("simulated", simulated);
    node.put("remoteRoot", remoteRoot);
    node.put("jobStateDirectory", jobStateDirectory);
    node.put("pulledDir", pulledDir.toString());
    node.put("taskSource", taskSource.toString());
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(FILE + ".tmp");
      JsonOutput.MAPPER.writeValue(tmp.toFile(), node);
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot write " + dir.resolve(FILE) + ": " + e.getMessage());
    }
  }

  /**
   * Reads the run directory {@code dir}: {@value #FILE} and, once the run was built, the SDK's journal; a
   * {@link CliException} (exit 4) when it is not one.
   */
  static RunDirectory read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.CONFIG, dir + " is not a run directory (no " + FILE + "): give the"
          + " directory `remotegpu run` printed");
    }
    JsonNode node;
    try {
      node = JsonOutput.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new CliException(ExitCodes.CONFIG, file + " cannot be read as a run record: " + e.getMessage());
    }
    try {
      Path taskSource = Path.of(node.get("taskSource").asText());
      Optional<RunJournal> journal = RunJournal.existsIn(dir) ? Optional.of(RunJournal.read(dir)) : Optional.empty();
      String runId;
      String checkpointId;
      if (journal.isPresent()) {
        runId = journal.get().runId();
        checkpointId = journal.get().checkpointId();
      } else {
        TaskFile task = TaskFileParser.parse(Files.isRegularFile(taskSource) ? taskSource : dir.resolve(TASK_COPY));
        runId = task.name();
        checkpointId = task.checkpointId();
      }
      return new RunDirectory(dir, runId, node.path("simulated").asBoolean(),
          journal.flatMap(RunJournal::machineId), journal.flatMap(RunJournal::jobId), node.get("remoteRoot").asText(),
          node.get("jobStateDirectory").asText(), checkpointId, Path.of(node.get("pulledDir").asText()), taskSource);
    } catch (RuntimeException e) {
      if (e instanceof CliException cli) {
        throw cli;
      }
      throw new CliException(ExitCodes.CONFIG, dir + " cannot be read as a run directory: " + e.getMessage());
    }
  }

  /** The backend check: a simulated run is only reachable with --simulated, and a live one only without. */
  void requireBackend(boolean simulatedBackend) {
    if (simulated != simulatedBackend) {
      throw new CliException(ExitCodes.CONFIG, "run directory " + dir + " is a "
          + (simulated ? "simulated run: add --simulated" : "run on the real API: drop --simulated"));
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }
}
