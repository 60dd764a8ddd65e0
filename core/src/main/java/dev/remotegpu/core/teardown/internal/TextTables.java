package dev.remotegpu.core.teardown.internal;

import dev.remotegpu.core.Money;
import dev.remotegpu.core.teardown.AuditItem;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.Audit;
import dev.remotegpu.core.teardown.ResidualDifference;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownStep;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Plain-text, column-aligned renderings of audits, plans and execution reports, for consoles and examples. */
public final class TextTables {

  private TextTables() {}

  /** An audit-style table of items with their hourly and monthly costs, and optionally the totals. */
  public static String audit(String title, List<AuditItem> items, boolean totals) {
    Audit sum = new Audit(items);
    long ours = items.stream().filter(AuditItem::ours).count();
    StringBuilder out = new StringBuilder(title).append(" (").append(items.size()).append(" items: ")
        .append(ours).append(" ours, ").append(items.size() - ours).append(" unknown)\n");
    if (items.isEmpty()) {
      return out.append("  nothing\n").toString();
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("KIND", "ID", "WHAT", "OWNER", "$/HOUR", "$/MONTH", "GOTCHA", "RULE"));
    for (AuditItem item : items) {
      rows.add(List.of(item.billable().kind().toString(), item.id(), item.description(),
          item.ownership().toString(), priced(hourly(item.perHour()), item.perHour(), item.priceKnown()),
          priced(item.perMonth().toDisplayString(), item.perMonth(), item.priceKnown()),
          item.gotchaId().orElse(""), item.billingRule().orElse("")));
    }
    if (totals) {
      rows.add(List.of("TOTAL", "", "", "", priced(hourly(sum.perHour()), sum.perHour(), !sum.hasUnknownPrices()),
          sum.perMonthText(), "", ""));
    }
    return out.append(table(rows, Set.of(4, 5))).toString();
  }

  /** The plan: its steps, what each ends, its preconditions; then what still bills and what is untouched. */
  public static String plan(TeardownPlan plan) {
    List<TeardownStep> steps = plan.steps();
    long irreversible = steps.stream().filter(s -> !s.reversible()).count();
    StringBuilder out = new StringBuilder("TEARDOWN PLAN (").append(steps.size()).append(" steps: ")
        .append(steps.size() - irreversible).append(" reversible, ").append(irreversible)
        .append(" irreversible), ends ").append(atLeast(plan.endsPerMonth(), steps.stream()
            .anyMatch(TextTables::endsUnknown))).append("/month\n");
    if (steps.isEmpty()) {
      out.append("  no steps\n");
    } else {
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("#", "STEP", "REVERSIBLE", "ENDS $/MONTH", "PRECONDITIONS"));
      int n = 1;
      for (TeardownStep step : steps) {
        rows.add(List.of(Integer.toString(n++), step.id(), step.reversible() ? "yes" : "NO",
            atLeast(step.endsPerMonth(), endsUnknown(step)), step.preconditions()));
      }
      out.append(table(rows, Set.of(0, 3)));
    }
    Audit residual = plan.residual();
    out.append('\n').append(audit("STILL BILLING after the plan", residual.items(), true));
    out.append("  of which ours: ").append(residual.ours().perMonthText()).append("/month\n");
    List<AuditItem> untouched = plan.untouchedUnknown();
    if (!untouched.isEmpty()) {
      out.append('\n').append(audit("NOT TOUCHED: unknown, reported only (name an id to plan it)", untouched,
          false));
    }
    return out.toString();
  }

  /** The outcome of each step, then what still bills and how it compares with the promise. */
  public static String report(ExecutionReport report) {
    StringBuilder out = new StringBuilder("TEARDOWN EXECUTION\n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("STEP", "OUTCOME", "DETAIL"));
    for (StepOutcome outcome : report.outcomes()) {
      rows.add(List.of(outcome.stepId(), outcome.status().toString(),
          outcome.detail().equals("done") ? "" : outcome.detail()));
    }
    out.append(report.outcomes().isEmpty() ? "  no steps\n" : table(rows, Set.of()));
    out.append('\n');
    if (report.reauditFailure().isPresent()) {
      out.append("RE-AUDIT FAILED: ").append(report.reauditFailure().get()).append('\n');
      out.append(audit("EXPECTED TO STILL BILL", report.expectedResidual().items(), true));
      return out.toString();
    }
    out.append(audit("STILL BILLING (re-audit)", report.actualResidual().items(), true));
    if (report.residualMatchesPlan()) {
      out.append("The re-audit matches what the executed steps promised.\n");
    } else {
      out.append("The re-audit DIFFERS from what the executed steps promised:\n");
      for (ResidualDifference difference : report.differences()) {
        out.append("  - ").append(difference.kind()).append(' ').append(difference.resourceKind()).append(' ')
            .append(difference.resourceId()).append(": ").append(difference.explanation()).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * A total that is a lower bound when {@code unknown}: {@code "$3.00"} or {@code "at least $3.00 + unknown"}.
   */
  public static String atLeast(Money amount, boolean unknown) {
    return unknown ? "at least " + amount.toDisplayString() + " + unknown" : amount.toDisplayString();
  }

  /** One item's price: as shown when known, else its proven lower bound and "?", or "unknown"; never "$0.00". */
  private static String priced(String shown, Money amount, boolean known) {
    if (known) {
      return shown;
    }
    return amount.isZero() ? "unknown" : "at least " + shown + " + ?";
  }

  private static boolean endsUnknown(TeardownStep step) {
    return step.ends().stream().anyMatch(b -> !b.priceKnown());
  }

  /** Dollars per hour with four decimals, so that small hourly rates such as $0.0045 stay visible. */
  static String hourly(Money money) {
    return "$" + money.amount().setScale(4, RoundingMode.HALF_UP).toPlainString();
  }

  /** Rows padded into aligned columns; the columns in {@code rightAligned} are right-aligned. */
  static String table(List<List<String>> rows, Set<Integer> rightAligned) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(rightAligned.contains(c) ? pad + cell : cell + pad);
        if (c < columns - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
