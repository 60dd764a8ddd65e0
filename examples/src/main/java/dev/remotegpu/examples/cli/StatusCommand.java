package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.cost.Money;
import dev.remotegpu.core.teardown.Audit;
import dev.remotegpu.core.teardown.AuditItem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remotegpu status}: the priced audit of everything that bills, ours or unknown. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "The priced audit: everything in the account that bills, OURS (in the launch ledger) or UNKNOWN "
        + "(made elsewhere: reported, never touched), $/h and $/month, the gotcha that explains it, and the spend "
        + "so far where known. With RUN-DIR, also where each run's machine is.",
    footer = "%n" + ExitCodes.TABLE)
final class StatusCommand implements Callable<Integer> {
  @ParentCommand
  private RemoteGpu app;

  @Mixin
  private CommonOptions common;

  @Parameters(arity = "0..*", paramLabel = "RUN-DIR", description = "Run directories left by `remotegpu run`.")
  private List<Path> runDirs = List.of();

  @Override
  public Integer call() {
    List<RunDirectory> runs = runDirs.stream().map(RunDirectory::read).toList();
    runs.forEach(run -> run.requireBackend(common.simulated));
    try (Backend backend = common.open(app)) {
      Audit audit = backend.platform().audit();
      Optional<Money> spent = backend.spendSoFar();
      if (common.json) {
        printJson(backend, audit, spent, runs);
      } else {
        printText(backend, audit, spent, runs);
      }
      return ExitCodes.OK;
    }
  }

  private void printText(Backend backend, Audit audit, Optional<Money> spent, List<RunDirectory> runs) {
    PrintStream out = app.out();
    Style style = Style.of(app.terminal());
    out.println(backend.describe());
    out.print(audit.render());
    Money ours = audit.ours().stream().map(AuditItem::perMonth).reduce(Money.ZERO, Money::plus);
    String total = "billing now: " + audit.totalPerHour().toDisplayString() + "/h, "
        + audit.totalPerMonth().toDisplayString() + "/month (ours " + ours.toDisplayString() + "/month, "
        + audit.unknown().size() + " unknown item(s) not ours to touch)";
    out.println(audit.totalPerMonth().isZero() ? style.ok(total) : style.warn(total));
    out.println("spend so far: " + spent.map(Money::toDisplayString)
        .orElse("not known from here (see your Paperspace billing page)")
        + (common.simulated ? " (simulated prices, no real money)" : ""));
    for (RunDirectory run : runs) {
      String machine = run.machineId().orElse("(none)");
      String where = run.machineId().flatMap(audit::item).map(i -> i.billable().state() + ", "
          + i.perMonth().toDisplayString() + "/month").orElse("gone from the account");
      out.println("run " + run.runId() + " (" + run.dir() + "): machine " + machine + ": " + where);
    }
    if (!audit.ours().isEmpty()) {
      out.println("tear ours down with: remotegpu down RUN-DIR (or --machine ID); every irreversible step waits"
          + " for you to type its id");
    }
  }

  private void printJson(Backend backend, Audit audit, Optional<Money> spent, List<RunDirectory> runs) {
    ObjectNode doc = JsonOutput.document("status");
    doc.put("account", backend.describe());
    doc.put("simulated", common.simulated);
    JsonOutput.items(doc.putArray("items"), audit.items());
    JsonOutput.money(doc, "totalPerHourUsd", audit.totalPerHour());
    JsonOutput.money(doc, "totalPerMonthUsd", audit.totalPerMonth());
    JsonOutput.money(doc, "oursPerMonthUsd",
        audit.ours().stream().map(AuditItem::perMonth).reduce(Money.ZERO, Money::plus));
    spent.ifPresentOrElse(m -> JsonOutput.money(doc, "spendSoFarUsd", m), () -> doc.putNull("spendSoFarUsd"));
    ArrayNode runArray = doc.putArray("runs");
    for (RunDirectory run : runs) {
      ObjectNode node = runArray.addObject();
      node.put("runDir", run.dir().toString());
      node.put("runId", run.runId());
      run.machineId().ifPresentOrElse(m -> node.put("machineId", m), () -> node.putNull("machineId"));
      node.put("machineBilling", run.machineId().flatMap(audit::item).isPresent());
    }
    JsonOutput.print(app.out(), doc);
  }
}
