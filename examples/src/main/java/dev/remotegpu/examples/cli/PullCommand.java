package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.checkpoint.PullVerified;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.run.RemoteRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remotegpu pull RUN-DIR}: pull the run's checkpoints again, verify them by load, write PULL_VERIFIED. */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = "Pull the run's checkpoints into RUN-DIR/pulled (resumable; unchanged files are skipped), check"
        + " every size and SHA-256 against the manifest, run the task's verifier, and write PULL_VERIFIED.json,"
        + " the evidence `down` needs. A machine that is off is started first (it bills while it runs).",
    footer = "%n" + ExitCodes.TABLE)
final class PullCommand implements Callable<Integer> {
  @ParentCommand
  private RemoteGpu app;

  @Mixin
  private CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN-DIR", description = "A run directory left by `remotegpu run`.")
  private Path runDir;

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.read(runDir);
    run.requireBackend(common.simulated);
    TaskFile task = run.task();
    PrintStream progress = common.json ? app.err() : app.out();
    try (Backend backend = common.open(app);
        RemoteRun remote = RemoteRun.on(backend.platform())
            .machine(backend.prepare(task.launchRequest()))
            .access(backend.access())
            .job(JobSpec.builder(task.commandFor(run.remoteRoot())).workingDirectory(run.remoteRoot())
                .stateDirectory(run.jobStateDirectory()).build())
            .checkpoints(run.remoteRoot(), run.pulledDir(), run.checkpointId())
            .runDirectory(run.dir())
            .verifier(CommandVerifier.of(task))
            .listener(Progress.on(progress, !common.json && app.terminal()))
            .clock(backend.clock())
            .readyTimeout(Duration.ofMinutes(15))
            .build()) {
      remote.adopt(backend.platform().machine(run.requireMachine()));
      SyncResult result = remote.pull();
      PullVerified verified = result.verified().orElseThrow();
      if (common.json) {
        ObjectNode doc = JsonOutput.document("pull");
        doc.put("runId", run.runId()).put("machineId", run.requireMachine())
            .put("dir", run.pulledDir().toString()).put("files", verified.files()).put("bytes", verified.bytes())
            .put("filesSent", result.filesSent()).put("filesSkipped", result.filesSkipped())
            .put("manifestSha256", verified.manifestSha256()).put("verifiedAtUtc", verified.verifiedAtUtc());
        JsonOutput.print(app.out(), doc);
      } else {
        progress.printf("pulled and verified %d file(s) into %s (%d sent, %d unchanged); manifest %s%n",
            verified.files(), run.pulledDir(), result.filesSent(), result.filesSkipped(), verified.manifestSha256());
      }
      return ExitCodes.OK;
    }
  }
}
