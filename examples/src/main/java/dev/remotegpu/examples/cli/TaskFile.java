package dev.remotegpu.examples.cli;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.PublicIpType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A task file ({@code remotegpu run TASK.yaml}), validated: what to rent, how long the wall-clock timer is, what it
 * may cost, what code to send, what to run, where the checkpoints live and how a pulled one is verified by load.
 * Relative paths are resolved against the task file's directory.
 *
 * @param source the task file
 * @param name the run id (letters, digits, '-' and '_')
 * @param machine the machine type and region, then the fallbacks in order
 * @param autoShutdown the auto-shutdown timer (PS2: it fires on the wall clock, whatever runs)
 * @param publicIp the public IP type
 * @param maxUsd the most one power-on may cost ($/h x the auto-shutdown window), if capped
 * @param codeDir the local directory pushed to {@code <remote_root>/code}, if any
 * @param remoteRoot the durable directory on the machine (job state, code, checkpoints under {@code active/<id>})
 * @param command the job's argv; {@code {remote_root}} and {@code {checkpoint_dir}} are replaced
 * @param checkpointId the checkpoint id (the directory {@code active/<id>} the job writes into)
 * @param pulledDir where pulled checkpoints go, relative to the run directory
 * @param verifyCommand the local command run on each pulled file (its path appended); exit 0 means it loads
 * @param verifyFiles the glob of file names the verifier applies to
 */
record TaskFile(
    Path source,
    String name,
    List<LaunchCandidate> machine,
    Duration autoShutdown,
    PublicIpType publicIp,
    Optional<BigDecimal> maxUsd,
    Optional<Path> codeDir,
    String remoteRoot,
    List<String> command,
    String checkpointId,
    String pulledDir,
    List<String> verifyCommand,
    String verifyFiles) {

  TaskFile {
    Objects.requireNonNull(source, "source");
    machine = List.copyOf(machine);
    command = List.copyOf(command);
    verifyCommand = List.copyOf(verifyCommand);
  }

  /** The launch request of this task, with the remote root it runs in (the simulated world moves it). */
  LaunchRequest launchRequest() {
    LaunchCandidate first = machine.get(0);
    LaunchRequest request = LaunchRequest.of(first.machineType(), first.region())
        .autoShutdown(autoShutdown)
        .publicIp(publicIp)
        .runId(name);
    for (LaunchCandidate fallback : machine.subList(1, machine.size())) {
      request = request.fallback(fallback.machineType(), fallback.region());
    }
    return request;
  }

  /** The job's argv with the placeholders replaced for {@code root}. */
  List<String> commandFor(String root) {
    String checkpointDir = root + "/active/" + checkpointId;
    return command.stream()
        .map(arg -> arg.replace("{checkpoint_dir}", checkpointDir).replace("{remote_root}", root))
        .toList();
  }
}
