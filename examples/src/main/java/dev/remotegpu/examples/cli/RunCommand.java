package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.AuditItem;
import dev.remotegpu.core.teardown.TeardownRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code remotegpu run TASK.yaml}: the whole lifecycle of one task, leaving a run directory for {@code status},
 * {@code logs}, {@code pull} and {@code down}. The machine is left as it is at the end (the checkpoints are pulled
 * and verified, so {@code down RUN-DIR} can end every bill).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a task file: the danger clocks, launch with retry until capacity (never a second machine),"
        + " push the code, start the job detached, watch it (restart and resume after an auto-shutdown), pull"
        + " and verify the checkpoints by load. Leaves a run directory (the SDK's run.json journal,"
        + " remotegpu-cli.json, task.yaml, pulled/) and the"
        + " machine as it is: end its bills with `remotegpu down RUN-DIR`.",
        "Task file fields: name; machine.{type, region, fallbacks[{type, region}], auto_shutdown_hours,"
            + " public_ip}; budget.max_usd; code; remote_root; job.command; checkpoints.{id, local};"
            + " verify.{command, files}. See examples/task.yaml."},
    footer = "%n" + ExitCodes.TABLE)
final class RunCommand implements Callable<Integer> {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  @ParentCommand
  private RemoteGpu app;

  @Mixin
  private CommonOptions common;

  @Parameters(index = "0", paramLabel = "TASK.yaml", description = "The task file.")
  private Path taskFile;

  @Option(names = "--run-dir", paramLabel = "DIR", description = "Where to leave the run directory "
      + "(default: remotegpu-runs/NAME-TIMESTAMP).")
  private Path runDirOption;

  @Override
  public Integer call() throws IOException {
    TaskFile task = TaskFileParser.parse(taskFile);
    PrintStream progress = common.json ? app.err() : app.out();
    Style style = Style.of(!common.json && app.terminal());
    try (Backend backend = common.open(app)) {
      String root = backend.remoteRoot(task.remoteRoot());
      Path dir = (runDirOption != null ? runDirOption
          : Path.of("remotegpu-runs", task.name() + "-" + STAMP.format(backend.clock().instant()))).toAbsolutePath();
      Files.createDirectories(dir);
      Files.copy(taskFile, dir.resolve(RunDirectory.TASK_COPY), StandardCopyOption.REPLACE_EXISTING);
      RunDirectory record = new RunDirectory(dir, task.name(), common.simulated, Optional.empty(), Optional.empty(),
          root, root + "/jobs", task.checkpointId(), dir.resolve(task.pulledDir()),
          taskFile.toAbsolutePath());
      record.write();
      progress.println(backend.describe());
      progress.println("run directory: " + dir);
      if (backend instanceof SimulatedBackend simulated) {
        LaunchCandidate first = task.machine().get(0);
        simulated.noCapacity(first.machineType(), first.region(), 1);
      }
      JobSpec job = JobSpec.builder(task.commandFor(root)).workingDirectory(root).stateDirectory(root + "/jobs")
          .build();
      try (RemoteRun run = RemoteRun.on(backend.platform())
          .machine(backend.prepare(task.launchRequest()))
          .access(backend.access())
          .job(job)
          .checkpoints(root, record.pulledDir(), task.checkpointId())
          .runDirectory(dir)
          .verifier(CommandVerifier.of(task))
          .listener(Progress.on(progress, !common.json && app.terminal()))
          .clock(backend.clock())
          .pollInterval(Duration.ofMillis(300))
          .readyTimeout(Duration.ofMinutes(15))
          .build()) {
        Machine machine = run.up();
        Money perHour = run.audit().item(machine.id()).map(AuditItem::perHour).orElse(Money.ZERO);
        Money worstCase = perHour.times(task.autoShutdown().toHours());
        Optional<BigDecimal> max = task.maxUsd();
        if (max.isPresent() && worstCase.amount().compareTo(max.get()) > 0) {
          run.down(run.planDown(TeardownRequest.stopOnly(machine.id())), Approvals.reversibleOnly());
          progress.println(style.bad("budget: one power-on of " + machine.id() + " may cost "
              + worstCase.toDisplayString() + " (" + perHour.toDisplayString() + "/h x "
              + task.autoShutdown().toHours() + " h auto-shutdown), above budget.max_usd $" + max.get()
              + ": stopped it before starting the job; lower auto_shutdown_hours or raise the budget, then"
              + " `remotegpu down " + dir + "`"));
          printJson(record, "over-budget", null, null, perHour);
          return ExitCodes.REFUSED;
        }
        progress.println("   budget: one power-on costs at most " + worstCase.toDisplayString() + " ("
            + perHour.toDisplayString() + "/h x " + task.autoShutdown().toHours() + " h)"
            + max.map(m -> ", within budget.max_usd $" + m).orElse(", no budget.max_usd set"));
        if (task.codeDir().isPresent()) {
          run.push(task.codeDir().get(), root + "/code");
        }
        DetachedJob started = run.start();
        SupervisionResult watched = run.watch();
        progress.printf("   job %s: %s after %d launch(es)%n", watched.job().id(), watched.finalStatus(),
            watched.launches());
        if (!watched.succeeded()) {
          progress.println(style.bad("the job did not finish: see `remotegpu logs " + dir + "`; the machine still"
              + " bills until `remotegpu down " + dir + "`"));
          printJson(record, "job-failed", watched, null, perHour);
          return ExitCodes.FAILED;
        }
        SyncResult pulled = run.pull();
        progress.println();
        progress.println(style.warn("machine " + machine.id() + " still bills " + perHour.toDisplayString()
            + "/h: see `remotegpu status" + (common.simulated ? " --simulated" : "") + "`, end it with `remotegpu down"
            + (common.simulated ? " --simulated " : " ") + dir + "`"));
        printJson(record, "done", watched, pulled, perHour);
        return ExitCodes.OK;
      }
    }
  }

  /** The run's JSON document, the same fields whatever the outcome: done, job-failed or over-budget. */
  private void printJson(RunDirectory record, String outcome, SupervisionResult watched, SyncResult pulled,
      Money perHour) {
    if (!common.json) {
      return;
    }
    record = RunDirectory.read(record.dir());
    ObjectNode doc = JsonOutput.document("run");
    doc.put("outcome", outcome);
    doc.put("runDir", record.dir().toString());
    doc.put("runId", record.runId());
    doc.put("machineId", record.requireMachine());
    record.jobId().ifPresentOrElse(j -> doc.put("jobId", j), () -> doc.putNull("jobId"));
    doc.put("jobSucceeded", watched != null && watched.succeeded());
    if (watched != null) {
      doc.put("jobStatus", watched.finalStatus().toString());
    } else {
      doc.putNull("jobStatus");
    }
    doc.put("launches", watched == null ? 0 : watched.launches());
    if (pulled != null && pulled.verified().isPresent()) {
      ObjectNode node = doc.putObject("pulled");
      node.put("dir", record.pulledDir().toString());
      node.put("files", pulled.verified().get().files());
      node.put("bytes", pulled.verified().get().bytes());
      node.put("manifestSha256", pulled.verified().get().manifestSha256());
    } else {
      doc.putNull("pulled");
    }
    JsonOutput.money(doc, "machinePerHourUsd", perHour);
    JsonOutput.print(app.out(), doc);
  }
}
