package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What {@code remotegpu run} leaves for {@code status}, {@code logs}, {@code pull} and {@code down}: a directory
 * with {@code run.json} (run id, machine, job, remote root, checkpoint id, whether it was simulated), the task file
 * it ran ({@code task.yaml}) and the pulled checkpoints ({@code pulled/}). {@code run.json} is this command's own
 * narrow record, rewritten after each step of the run (launched, job started, pulled).
 *
 * @param dir the run directory
 * @param runId the run id (the task's name)
 * @param simulated whether the run is in the simulated account
 * @param machineId the machine, once launched
 * @param jobId the detached job, once started
 * @param remoteRoot the durable directory on the machine
 * @param jobStateDirectory where the job's state lives on the machine
 * @param checkpointId the checkpoint id
 * @param pulledDir where checkpoints are pulled to
 * @param taskSource the task file the run was started from (its directory is the verifier's working directory)
 */
record RunDirectory(Path dir, String runId, boolean simulated, Optional<String> machineId, Optional<String> jobId,
    String remoteRoot, String jobStateDirectory, String checkpointId, Path pulledDir, Path taskSource) {
  static final String FILE = "run.json";
  static final String TASK_COPY = "task.yaml";

  RunDirectory withMachine(String id) {
    return new RunDirectory(dir, runId, simulated, Optional.of(id), jobId, remoteRoot, jobStateDirectory,
        checkpointId, pulledDir, taskSource);
  }

  RunDirectory withJob(String id) {
    return new RunDirectory(dir, runId, simulated, machineId, Optional.of(id), remoteRoot, jobStateDirectory,
        checkpointId, pulledDir, taskSource);
  }

  /** The task the run was started from: the original file when it is still there, else the copy in the directory. */
  TaskFile task() {
    return TaskFileParser.parse(Files.isRegularFile(taskSource) ? taskSource : dir.resolve(TASK_COPY));
  }

  /** The machine id, or a {@link CliException} (exit 4) saying the run never launched one. */
  String requireMachine() {
    return machineId.orElseThrow(() -> new CliException(ExitCodes.CONFIG, "run directory " + dir
        + " has no machine: the run never launched one, so there is nothing to reach or tear down"));
  }

  /** Writes {@code run.json} atomically. */
  void write() {
    ObjectNode node = JsonOutput.document("run-directory");
    node.put("runId", runId);
    node.put("simulated", simulated);
    machineId.ifPresentOrElse(m -> node.put("machineId", m), () -> node.putNull("machineId"));
    jobId.ifPresentOrElse(j -> node.put("jobId", j), () -> node.putNull("jobId"));
    node.put("remoteRoot", remoteRoot);
    node.put("jobStateDirectory", jobStateDirectory);
    node.put("checkpointId", checkpointId);
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

  /** Reads the run directory {@code dir}; a {@link CliException} (exit 4) when it is not one. */
  static RunDirectory read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCodes.CONFIG, dir + " is not a run directory (no " + FILE + "): give the"
          + " directory `remotegpu run` printed");
    }
    try {
      JsonNode node = JsonOutput.MAPPER.readTree(file.toFile());
      return new RunDirectory(dir, node.get("runId").asText(), node.path("simulated").asBoolean(),
          text(node, "machineId"), text(node, "jobId"), node.get("remoteRoot").asText(),
          node.get("jobStateDirectory").asText(), node.get("checkpointId").asText(),
          Path.of(node.get("pulledDir").asText()), Path.of(node.get("taskSource").asText()));
    } catch (IOException | RuntimeException e) {
      throw new CliException(ExitCodes.CONFIG, file + " cannot be read as a run record: " + e.getMessage());
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
