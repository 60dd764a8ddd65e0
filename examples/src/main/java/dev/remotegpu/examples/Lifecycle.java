package dev.remotegpu.examples;

import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunListeners;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The main example: one training run through its whole life. On the embedded default (no key, no money) it
 * shows, in under a minute: the danger clocks; a launch that meets "out of capacity" and retries; a detached
 * job that checkpoints; the host program dying and a new one resuming the run on the same machine from its run
 * directory; an SSH drop and re-attach; an auto-shutdown that kills the job; the diagnosis
 * (PS2/PS13); restart and resume from the latest checkpoint; the pull with manifest and verification by load;
 * the priced audit and the teardown plan with what keeps billing; and only the approved steps executed.
 *
 * <p>{@code --live} drives the real Paperspace API instead (see {@link LiveWorld}); it never executes an
 * irreversible step without the user typing its approval.
 */
public final class Lifecycle {
  private static final String CHECKPOINT_ID = "demo";
  private static final int TOTAL_STEPS = 40;

  private final World world;
  private final PrintStream out;

  Lifecycle(World world, PrintStream out) {
    this.world = world;
    this.out = out;
  }

  /**
   * Runs the lifecycle on the embedded default, or on the real API with {@code --live} (see {@link LiveWorld});
   * exits with 0 when the job finished, its checkpoints verified and the approved plan ran, else 1.
   */
  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    PrintStream out = System.out;
    Path workDir = EmbeddedWorld.newWorkDir();
    boolean ok;
    try (World world = options.contains("--live") ? LiveWorld.fromArgs(options, out, workDir)
        : new EmbeddedWorld(out, workDir)) {
      ok = new Lifecycle(world, out).run(workDir);
      out.printf("%n%s%n", world.billSummary());
      out.printf("work directory (pulled checkpoints, launch ledger): %s%n", workDir);
      out.println(ok ? "lifecycle complete" : "lifecycle ended with a problem (see above)");
    }
    System.exit(ok ? 0 : 1);
  }

  /** Runs the whole lifecycle; returns whether the job finished, its checkpoints verified and the plan ran. */
  boolean run(Path workDir) throws Exception {
    Path code = writeTrainingCode(workDir.resolve("code"));
    Path pulled = workDir.resolve("pulled");
    String remoteRoot = world.remoteRoot();
    JobSpec job = JobSpec.builder(List.of("sh", remoteRoot + "/code/train.sh",
            remoteRoot + "/active/" + CHECKPOINT_ID + "/ckpt", Integer.toString(TOTAL_STEPS), "5", "0.15"))
        .workingDirectory(remoteRoot)
        .stateDirectory(remoteRoot + "/jobs")
        .build();

    RemoteRun.Builder description = RemoteRun.on(world.platform())
        .machine(world.launchRequest())
        .access(world.access())
        .job(job)
        .checkpoints(remoteRoot, pulled, CHECKPOINT_ID)
        .verifier(Lifecycle::loadCheckpoint)
        .listener(RunListeners.console(out, System.console() != null))
        .clock(world.clock())
        .pollInterval(Duration.ofMillis(300))
        .readyTimeout(Duration.ofMinutes(15));
    world.declaredRates().ifPresent(description::declaredRates);

    String machineId;
    try (RemoteRun first = description.build()) {
      machineId = first.up().id();
      first.push(code, remoteRoot + "/code");
      first.start();
      // The host program dies here: this RemoteRun is dropped with the job running (close() only ends its SSH
      // connection, as the death of the process would). Nothing but the run directory carries over.
      out.printf("%n== the host program dies and a new one resumes the run from %s%n", first.runDirectory());
    }
    try (RemoteRun run = description.build()) {
      run.up();
      run.start();
      out.printf("   resumed run %s: same machine %s: %s; job %s re-attached (launches so far: %d)%n",
          run.journal().runId(), run.machine().id(), run.machine().id().equals(machineId),
          run.job().orElseThrow().id(), run.journal().launchCount());
      world.whileJobRuns(run);

      SupervisionResult watched = run.watch();
      out.printf("   job %s: %s after %d launch(es)%n", watched.job().id(), watched.finalStatus(),
          watched.launches());
      out.println("   its log, from the resume on:");
      watched.job().logTail(200).stream()
          .filter(line -> line.startsWith("resumed") || line.startsWith("no checkpoint")
              || line.startsWith("training done"))
          .forEach(line -> out.println("     " + line));
      if (!watched.succeeded()) {
        return false;
      }

      run.pull();
      if (world instanceof EmbeddedWorld embedded) {
        embedded.takeSnapshot(run.machine().id());
      }

      run.spend().ifPresent(spent -> out.printf("%n== spend so far (%s)%n   %s%n", spent.method(), spent.summary()));

      out.printf("%n== audit: everything in the account that bills, ours or not%n");
      out.println(("   " + run.audit().render().stripTrailing()).replace("\n", "\n   "));

      TeardownPlan stopOnly = run.planDown(TeardownRequest.stopOnly(run.machine().id()));
      out.printf("   a stop alone would leave %s per month billing (PS1): not this plan, then%n",
          stopOnly.residual().perMonthText());

      TeardownPlan plan = run.planDown();
      ExecutionReport report = run.down(plan, world.approvals(plan));
      out.printf("   still billing after what was approved: %s per month; matches the plan: %s%n",
          report.actualResidual().perMonthText(),
          report.residualMatchesPlan());
      return report.residualMatchesPlan();
    }
  }

  /** Verify-by-load: a checkpoint must parse (its first line names its step, the rest is its state). */
  static Verifier.Verdict loadCheckpoint(Path file) {
    if (!file.getFileName().toString().endsWith(".ckpt")) {
      return Verifier.Verdict.accept();
    }
    try {
      List<String> lines = Files.readAllLines(file);
      if (lines.size() != 2 || !lines.get(0).matches("step=\\d+") || !HEX.matcher(lines.get(1)).matches()) {
        return Verifier.Verdict.reject(file.getFileName() + " does not load: not a step header and a state line");
      }
      return Verifier.Verdict.accept();
    } catch (IOException e) {
      return Verifier.Verdict.reject(file.getFileName() + " cannot be read: " + e.getMessage());
    }
  }

  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  static Path writeTrainingCode(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path script = dir.resolve("train.sh");
    try (InputStream in = Lifecycle.class.getResourceAsStream("train.sh")) {
      if (in == null) {
        throw new IOException("train.sh is missing from the examples jar");
      }
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }
}
