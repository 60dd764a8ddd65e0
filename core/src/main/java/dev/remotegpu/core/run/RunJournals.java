package dev.remotegpu.core.run;

import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.StepOutcome;
import java.time.Instant;
import java.util.List;

/** Turns a run's results into journal records. */
final class RunJournals {
  private RunJournals() {
  }

  static RunJournal.TeardownExecution teardown(ExecutionReport report, Instant at) {
    List<String> executed = ids(report, StepOutcome.Status.EXECUTED);
    List<String> refused = ids(report, StepOutcome.Status.REFUSED);
    List<String> failed = ids(report, StepOutcome.Status.FAILED);
    boolean complete = !report.outcomes().isEmpty() && executed.size() == report.outcomes().size();
    return new RunJournal.TeardownExecution(at, executed, refused, failed, complete);
  }

  private static List<String> ids(ExecutionReport report, StepOutcome.Status status) {
    return report.withStatus(status).stream().map(StepOutcome::stepId).toList();
  }
}
