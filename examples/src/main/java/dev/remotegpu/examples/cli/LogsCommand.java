package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.remote.RemoteSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remotegpu logs [-f] RUN-DIR}: the run's job log, from the machine. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "The last lines of the run's job log, read from the machine over SSH; -f follows it until the job"
        + " ends. The machine must be READY (a stopped machine has no shell to ask).",
    footer = "%n" + ExitCodes.TABLE)
final class LogsCommand implements Callable<Integer> {
  private static final int FOLLOW_WINDOW = 2000;

  @ParentCommand
  private RemoteGpu app;

  @Mixin
  private CommonOptions common;

  @Parameters(index = "0", paramLabel = "RUN-DIR", description = "A run directory left by `remotegpu run`.")
  private Path runDir;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50", description = "Lines to show (default 50).")
  private int lines;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the job ends.")
  private boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    if (follow && common.json) {
      throw new CliException(ExitCodes.USAGE, "--follow prints lines as they come and --json one document at the"
          + " end: use one of them");
    }
    RunDirectory run = RunDirectory.read(runDir);
    run.requireBackend(common.simulated);
    String jobId = run.jobId().orElseThrow(() -> new CliException(ExitCodes.CONFIG, "run directory " + runDir
        + " has no job: the run never started one"));
    try (Backend backend = common.open(app)) {
      Machine machine = backend.platform().machine(run.requireMachine());
      if (machine.state() != MachineState.READY) {
        throw new CliException(ExitCodes.FAILED, "machine " + machine.id() + " is " + machine.state()
            + ": its job log is on its disk; start it (it bills again) or pull the checkpoints first");
      }
      RemoteSession session = backend.access().open(machine);
      try {
        DetachedJob job = session.jobs().attach(jobId, run.jobStateDirectory());
        List<String> tail = job.logTail(Math.max(lines, 1));
        PrintStream out = app.out();
        if (common.json) {
          ObjectNode doc = JsonOutput.document("logs");
          doc.put("runId", run.runId()).put("machineId", machine.id()).put("jobId", jobId)
              .put("status", job.status().toString());
          tail.forEach(doc.putArray("lines")::add);
          JsonOutput.print(out, doc);
          return ExitCodes.OK;
        }
        tail.forEach(out::println);
        if (follow) {
          List<String> seen = job.logTail(FOLLOW_WINDOW);
          while (job.status() instanceof JobStatus.Running) {
            Thread.sleep(1000);
            List<String> now = job.logTail(FOLLOW_WINDOW);
            newLines(seen, now).forEach(out::println);
            out.flush();
            seen = now;
          }
          newLines(seen, job.logTail(FOLLOW_WINDOW)).forEach(out::println);
          out.println("job " + jobId + ": " + job.status());
        }
        return ExitCodes.OK;
      } finally {
        session.close();
      }
    }
  }

  /** The lines of {@code now} after the longest suffix of {@code before} that starts it. */
  static List<String> newLines(List<String> before, List<String> now) {
    for (int overlap = Math.min(before.size(), now.size()); overlap > 0; overlap--) {
      if (before.subList(before.size() - overlap, before.size()).equals(now.subList(0, overlap))) {
        return now.subList(overlap, now.size());
      }
    }
    return now;
  }
}
