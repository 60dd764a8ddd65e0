package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.cost.SpendEstimate;
import dev.remotegpu.core.cost.SpendMeter;
import dev.remotegpu.core.teardown.Audit;
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
      // From each listed machine's billed history, the same on the simulator and the real API (issue 9).
      List<SpendEstimate> spent = SpendMeter.ofAccount(backend.platform(), backend.clock().instant());
      if (common.json) {
        printJson(backend, audit, spent, runs);
      } else {
        printText(backend, audit, spent, runs);
      }
      return ExitCodes.OK;
    }
  }

  private void printText(Backend backend, Audit audit, List<SpendEstimate> spent, List<RunDirectory> runs) {
    PrintStream out = app.out();
    Style style = Style.of(app.terminal());
    out.println(backend.describe());
    out.print(audit.render());
    String total = "billing now: " + atLeast(audit.perHour(), audit.hasUnknownPrices()) + "/h, "
        + audit.perMonthText() + "/month (ours " + audit.ours().perMonthText() + "/month, "
        + audit.unknown().items().size() + " unknown item(s) not ours to touch)";
    out.println(audit.billing().isEmpty() ? style.ok(total) : style.warn(total));
    if (spent.isEmpty()) {
      out.println("spend so far: no machine in the account has a billed history (destroyed machines are no longer"
          + " listed: see your Paperspace billing page)");
    } else {
      Money sum = spent.stream().map(SpendEstimate::soFar).reduce(Money.ZERO, Money::plus);
      // An hour is charged when it ends: a machine in its first hour has been charged nothing yet, which is not $0.
      out.println("spend so far: " + (sum.isZero() ? "nothing charged yet" : sum.toDisplayString()) + " on "
          + spent.size() + " machine(s) listed now (" + SpendMeter.METHOD + ")"
          + (common.simulated ? "; simulated prices, no real money" : ""));
      for (SpendEstimate e : spent) {
        out.println("  machine " + e.machineId() + ": " + (e.soFar().isZero() ? "nothing charged yet"
            : e.soFar().toDisplayString() + " charged (compute " + e.computeSoFar().toDisplayString() + ", disk "
            + e.storageSoFar().toDisplayString() + ")") + "; the hour in progress adds "
            + e.perExtraHour().toDisplayString() + " when it ends");
      }
    }
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

  private static String atLeast(Money money, boolean unknownPrices) {
    return unknownPrices ? "at least " + money.toDisplayString() + " + unknown" : money.toDisplayString();
  }

  private void printJson(Backend backend, Audit audit, List<SpendEstimate> spent, List<RunDirectory> runs) {
    ObjectNode doc = JsonOutput.document("status");
    doc.put("account", backend.describe());
    doc.put("simulated", common.simulated);
    JsonOutput.items(doc.putArray("items"), audit.items());
    JsonOutput.money(doc, "totalPerHourUsd", audit.perHour());
    JsonOutput.money(doc, "totalPerMonthUsd", audit.perMonth());
    JsonOutput.money(doc, "oursPerMonthUsd", audit.ours().perMonth());
    doc.put("pricesComplete", !audit.hasUnknownPrices());
    JsonOutput.money(doc, "spendSoFarUsd", spent.stream().map(SpendEstimate::soFar).reduce(Money.ZERO, Money::plus));
    ArrayNode spend = doc.putArray("spend");
    for (SpendEstimate e : spent) {
      ObjectNode node = spend.addObject().put("machineId", e.machineId());
      JsonOutput.money(node, "soFarUsd", e.soFar());
      JsonOutput.money(node, "computeSoFarUsd", e.computeSoFar());
      JsonOutput.money(node, "storageSoFarUsd", e.storageSoFar());
      JsonOutput.money(node, "perExtraHourUsd", e.perExtraHour());
    }
    doc.put("spendMethod", SpendMeter.METHOD);
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
