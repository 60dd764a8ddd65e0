package dev.remotegpu.examples;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.SupervisionResult;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunListeners;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownStepKind;
import dev.remotegpu.genericssh.GenericSshPlatform;
import dev.remotegpu.genericssh.ManualStepHandler;
import dev.remotegpu.genericssh.SshBox;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The second platform: the same training run as {@link Lifecycle}, on a box you own reached only by SSH (here the
 * embedded SSH host on loopback, no key or money needed). Launch connects and verifies; an SSH drop and a reboot
 * (GEN8, GEN6) are survived by the same RemoteRun, supervisor and checkpoints; the audit prices the box at the
 * rate you declare; the teardown's destroy step, once the Iron Law allowed it, hands you the manual step.
 *
 * <p>Run: {@code mvn -q -pl examples -am package exec:java -Dexec.mainClass=dev.remotegpu.examples.GenericSshLifecycle}
 */
public final class GenericSshLifecycle {
  private static final String CHECKPOINT_ID = "box-demo";
  private static final String BOX = "my-box";

  private GenericSshLifecycle() {}

  /** Runs the lifecycle on the embedded host; exits 0 when the job finished, verified, and the box was let go. */
  public static void main(String[] args) throws Exception {
    Path workDir = EmbeddedWorld.newWorkDir();
    boolean ok = run(workDir, System.out);
    System.out.printf("%nwork directory (pulled checkpoints): %s%n", workDir);
    System.out.println(ok ? "lifecycle complete" : "lifecycle ended with a problem (see above)");
    System.exit(ok ? 0 : 1);
  }

  /** The whole lifecycle; returns whether the job finished, its checkpoints verified and the box was let go. */
  static boolean run(Path workDir, PrintStream out) throws Exception {
    try (EmbeddedSshHost host = EmbeddedSshHost.builder().root(workDir.resolve("box")).build()) {
      GenericSshPlatform platform = GenericSshPlatform.builder()
          .box(new SshBox(BOX, host.endpoint(),
              "RTX4090", "home", Money.usd("0.45")))
          .privateKey(host.clientKeyPair())
          .knownHosts(host.writeKnownHosts(workDir.resolve("known_hosts")))
          .ssh(ssh -> ssh.reconnect(2, Duration.ofMillis(100)).connectTimeout(Duration.ofSeconds(5)))
          .pollInterval(Duration.ofMillis(100))
          .manualSteps(step -> {
            ManualStepHandler.printTo(out).perform(step);
            out.println("   (embedded: the owner stops the box in the console, then confirms)");
            host.powerOff();
            return true;
          })
          .build();
      String root = host.root().resolve("durable").toString();
      JobSpec job = JobSpec.builder(List.of("sh", root + "/code/train.sh", root + "/active/" + CHECKPOINT_ID + "/ckpt",
              "30", "5", "0.1"))
          .workingDirectory(root)
          .stateDirectory(root + "/jobs")
          .build();
      try (RemoteRun run = RemoteRun.on(platform)
          .machine(LaunchRequest.of("RTX4090", "home").runId("box-demo"))
          .access(platform.remoteAccess())
          .job(job)
          .checkpoints(root, workDir.resolve("pulled"), CHECKPOINT_ID)
          .verifier(Lifecycle::loadCheckpoint)
          .listener(RunListeners.console(out, false))
          .pollInterval(Duration.ofMillis(200))
          .readyTimeout(Duration.ofMinutes(1))
          .build()) {
        run.up();
        run.push(Lifecycle.writeTrainingCode(workDir.resolve("code")), root + "/code");
        DetachedJob started = run.start();

        EmbeddedWorld.awaitLog(started, "checkpoint step-10.ckpt");
        out.printf("%n== SSH drop: a dropped poll is not a dead job (GEN8)%n");
        host.dropAllSessions();
        DetachedJob again = run.reattach(started.id());
        out.printf("   re-attached to %s: %s%n", again.id(), again.status());
        EmbeddedWorld.awaitLog(again, "checkpoint step-15.ckpt");
        out.printf("%n== the box reboots (maintenance, kernel update): tmux and the job are gone (GEN6)%n");
        host.simulateAutoShutdown();

        SupervisionResult watched = run.watch();
        out.printf("   job %s: %s after %d launch(es)%n", watched.job().id(), watched.finalStatus(), watched.launches());
        watched.job().logTail(200).stream()
            .filter(line -> line.startsWith("resumed") || line.startsWith("training done"))
            .forEach(line -> out.println("     " + line));
        if (!watched.succeeded()) {
          return false;
        }
        run.pull();

        out.printf("%n== audit: the box bills at the rate you declared until you stop it (GEN1)%n");
        out.println(("   " + run.audit().render().stripTrailing()).replace("\n", "\n   "));
        TeardownPlan plan = run.planDown();
        String destroy = TeardownStepKind.DESTROY_MACHINE.stepId(BOX);
        out.println(("   " + plan.render().stripTrailing()).replace("\n", "\n   "));
        out.printf("   the user approves %s (on a box the stop is manual and itself irreversible: no reversible"
            + " stop is planned before it)%n", destroy);
        ExecutionReport report = run.down(plan, Approvals.of(destroy));
        out.printf("   still billing after the manual step: %s per month; matches the plan: %s%n",
            report.actualResidual().perMonth().toDisplayString(), report.residualMatchesPlan());
        return report.residualMatchesPlan();
      }
    }
  }
}
