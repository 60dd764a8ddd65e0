package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.ResidualDifference;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.core.teardown.TeardownStep;
import dev.remotegpu.core.teardown.TeardownStepKind;
import dev.remotegpu.core.teardown.VerificationEvidence;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code remotegpu down}: the priced teardown plan, a typed approval for each irreversible step, the execution
 * under the Iron Law, and the re-audit.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = {"Tear down what a run bills: the plan with what still bills after it; stops run at once, and each "
        + "IRREVERSIBLE step (destroy, release, delete) runs only if you type its id on stdin (or name it with "
        + "--approve) AND the run's checkpoints were pulled and verified by load against the current manifest "
        + "(the Iron Law). Then the execution report and the re-audit.",
        "Without RUN-DIR (--machine ID) there is no verified pull, so the Iron Law refuses every irreversible "
            + "step: only stops run."},
    footer = "%n" + ExitCodes.TABLE)
final class DownCommand implements Callable<Integer> {
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(10);

  @ParentCommand
  private RemoteGpu app;

  @Mixin
  private CommonOptions common;

  @Parameters(arity = "0..1", paramLabel = "RUN-DIR", description = "A run directory left by `remotegpu run`.")
  private Path runDir;

  @Option(names = "--machine", paramLabel = "ID", description = "A machine to tear down (repeatable).")
  private List<String> machines = new ArrayList<>();

  @Option(names = "--approve", paramLabel = "STEP", description = "Approve this irreversible step id without "
      + "asking, e.g. destroy-machine:psabc123 (repeatable; for scripts).")
  private List<String> approved = new ArrayList<>();

  @Option(names = "--stop-only", description = "Plan only the stops (reversible; storage and IPs keep billing, PS1).")
  private boolean stopOnly;

  @Option(names = "--no-input", description = "Never read stdin: what --approve does not name is refused.")
  private boolean noInput;

  @Override
  public Integer call() {
    Optional<RunDirectory> run = Optional.ofNullable(runDir).map(RunDirectory::read);
    run.ifPresent(r -> r.requireBackend(common.simulated));
    Set<String> ids = new LinkedHashSet<>(machines);
    run.ifPresent(r -> ids.add(r.requireMachine()));
    if (ids.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, "down needs a RUN-DIR or --machine ID: `remotegpu status` lists"
          + " the machines");
    }
    PrintStream out = common.json ? app.err() : app.out();
    Style style = Style.of(!common.json && app.terminal());
    try (Backend backend = common.open(app);
        RunEvidence collector = run.map(r -> RunEvidence.of(r, backend)).orElse(null)) {
      TeardownRequest request = stopOnly ? TeardownRequest.stopOnly(ids) : TeardownRequest.destroyEverythingOf(ids);
      TeardownPlan plan = backend.platform().planTeardown(request);
      // Collected through the SDK: the local bundles are re-hashed now, and each irreversible step inventories the
      // machine again when it is about to run. Here it is only asked whether it would be refused right now.
      Optional<VerificationEvidence> evidence = run.map(r -> collector.collect(r));
      Optional<String> evidenceProblem = evidence.isEmpty()
          ? Optional.of("no run directory, so no verified pull")
          : evidence.get().refusal(backend.platform().accountKey(), Optional.of(evidence.get().machineId()));
      if (!common.json) {
        out.println(backend.describe());
        out.print(plan.render());
        out.println(evidenceProblem.map(p -> style.warn("Iron Law evidence: NONE (" + p
                + "): every irreversible step will be refused"))
            .orElseGet(() -> style.ok("Iron Law evidence: run " + evidence.get().runId() + " on machine "
                + evidence.get().machineId() + ", " + evidence.get().bundles().size() + " bundle(s) re-hashed, "
                + evidence.get().files() + " file(s), every durable file on the machine covered, verified by load")));
      }
      Approvals approvals = approvals(plan, evidenceProblem.isEmpty(), out, style);
      ExecutionReport report = plan.execute(approvals, evidence);
      if (!report.residualMatchesPlan() && awaitStops(backend, report, out)) {
        // Executing the plan again runs nothing already done; it re-audits now that the stops have landed.
        report = plan.execute(approvals, evidence);
      }
      int code = exitCode(report);
      if (common.json) {
        printJson(backend, plan, evidence, evidenceProblem, report, code);
      } else {
        out.print(report.render());
        String line = switch (code) {
          case ExitCodes.OK -> style.ok("done: what still bills is what the plan said");
          case ExitCodes.REFUSED -> style.warn("refused step(s) above still bill; run down again to approve them");
          default -> style.bad("a step failed or the re-audit differs from the plan: see above");
        };
        out.println(line);
      }
      return code;
    }
  }

  private Approvals approvals(TeardownPlan plan, boolean evidenced, PrintStream out, Style style) {
    Approvals approvals = Approvals.reversibleOnly();
    for (String step : approved) {
      approvals = approvals.and(step);
    }
    for (TeardownStep step : plan.steps()) {
      if (step.reversible() || approvals.names(step.id())) {
        continue;
      }
      if (!evidenced || noInput) {
        continue;
      }
      out.printf("approve IRREVERSIBLE %s (ends %s/month)? type %s to approve, Enter to refuse: ", step.id(),
          step.endsPerMonth().toDisplayString(), style.strong(step.id()));
      out.flush();
      String answer = app.readLine();
      if (answer != null && answer.strip().equals(step.id())) {
        approvals = approvals.and(step.id());
        out.println("  approved " + step.id());
      } else {
        out.println(answer == null ? System.lineSeparator() + "  end of input: refused " + step.id()
            : "  refused " + step.id());
      }
    }
    return approvals;
  }

  /**
   * A stop is asked for, not awaited: a re-audit at once may still see the machine "stopping" and billing. Waits
   * until every machine a stop step stopped is OFF (or gone); returns whether any stop ran, so a re-audit is due.
   */
  private static boolean awaitStops(Backend backend, ExecutionReport report, PrintStream out) {
    boolean settled = false;
    for (StepOutcome outcome : report.withStatus(StepOutcome.Status.EXECUTED)) {
      if (outcome.step().kind() != TeardownStepKind.STOP_MACHINE) {
        continue;
      }
      String id = outcome.step().target().id();
      try {
        Machine machine = backend.platform().machine(id);
        if (machine.state() != MachineState.OFF) {
          out.println("waiting for " + id + " to be OFF (" + machine.rawState() + ") before the re-audit");
          machine.awaitState(MachineState.OFF, STOP_TIMEOUT);
        }
        settled = true;
      } catch (NotFoundException e) {
        // Destroyed since: nothing left to wait for.
      }
    }
    return settled;
  }

  static int exitCode(ExecutionReport report) {
    if (!report.withStatus(StepOutcome.Status.FAILED).isEmpty() || !report.residualMatchesPlan()) {
      return ExitCodes.FAILED;
    }
    if (!report.complete()) {
      return ExitCodes.REFUSED;
    }
    return ExitCodes.OK;
  }

  private void printJson(Backend backend, TeardownPlan plan, Optional<VerificationEvidence> evidence,
      Optional<String> evidenceProblem, ExecutionReport report, int code) {
    ObjectNode doc = JsonOutput.document("down");
    doc.put("account", backend.describe());
    ArrayNode steps = doc.putArray("plan");
    for (TeardownStep step : plan.steps()) {
      ObjectNode node = steps.addObject();
      node.put("id", step.id());
      node.put("kind", step.kind().name());
      node.put("target", step.target().id());
      node.put("reversible", step.reversible());
      JsonOutput.money(node, "endsPerHourUsd", step.endsPerHour());
      JsonOutput.money(node, "endsPerMonthUsd", step.endsPerMonth());
      step.dependsOn().forEach(node.putArray("dependsOn")::add);
    }
    JsonOutput.money(doc, "plannedResidualPerMonthUsd", plan.residual().perMonth());
    ObjectNode ev = doc.putObject("evidence");
    ev.put("valid", evidenceProblem.isEmpty());
    evidenceProblem.ifPresentOrElse(p -> ev.put("problem", p), () -> ev.putNull("problem"));
    evidence.ifPresent(e -> {
      ev.put("runId", e.runId()).put("machineId", e.machineId()).put("files", e.files()).put("bytes", e.bytes())
          .put("verifiedByLoad", e.verifiedByLoad());
      e.bundles().forEach(b -> ev.withArray("bundles").addObject().put("manifestSha256", b.manifestSha256()).put("verifiedAtUtc", b.verifiedAtUtc()));
    });
    ArrayNode outcomes = doc.putArray("outcomes");
    for (StepOutcome outcome : report.outcomes()) {
      outcomes.addObject().put("step", outcome.stepId()).put("status", outcome.status().name())
          .put("detail", outcome.detail());
    }
    ObjectNode still = doc.putObject("stillBilling");
    JsonOutput.money(still, "perHourUsd", report.actualResidual().perHour());
    JsonOutput.money(still, "perMonthUsd", report.actualResidual().perMonth());
    JsonOutput.items(still.putArray("items"), report.actualResidual().items());
    doc.put("residualMatchesPlan", report.residualMatchesPlan());
    ArrayNode differences = doc.putArray("differences");
    for (ResidualDifference difference : report.differences()) {
      differences.add(difference.kind() + " " + difference.resourceKind() + " " + difference.resourceId() + ": "
          + difference.explanation());
    }
    report.reauditFailure().ifPresent(f -> doc.put("reauditFailure", f));
    doc.put("exitCode", code);
    JsonOutput.print(app.out(), doc);
  }
}
