package dev.remotegpu.core.teardown;

import dev.remotegpu.core.teardown.internal.TextTables;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link TeardownPlan#execute}: one outcome per step, what the executed steps promised would
 * still bill, the re-audit run afterwards, and every difference between the two.
 *
 * @param outcomes one outcome per step of the plan, in plan order; a step an earlier execution of the same
 *     plan ran is EXECUTED again here, with a detail saying so, and is not run twice
 * @param expectedResidual the part of the plan's audit that should still bill after the steps executed so far
 *     (by this and earlier executions of the same plan)
 * @param reaudit the audit run again after the steps, unless it failed
 * @param reauditFailure why the re-audit could not be run, when it failed
 * @param differences how the re-audit differs from the expected residual, empty when it matches
 */
public record ExecutionReport(
    List<StepOutcome> outcomes,
    Audit expectedResidual,
    Optional<Audit> reaudit,
    Optional<String> reauditFailure,
    List<ResidualDifference> differences) {

  public ExecutionReport {
    outcomes = List.copyOf(Objects.requireNonNull(outcomes, "outcomes"));
    Objects.requireNonNull(expectedResidual, "expectedResidual");
    Objects.requireNonNull(reaudit, "reaudit");
    Objects.requireNonNull(reauditFailure, "reauditFailure");
    differences = List.copyOf(Objects.requireNonNull(differences, "differences"));
  }

  /** Whether the re-audit ran and what still bills is exactly what the executed steps promised. */
  public boolean residualMatchesPlan() {
    return reauditFailure.isEmpty() && differences.isEmpty();
  }

  /** Whether every step of the plan has been executed (by this or an earlier execution). */
  public boolean complete() {
    return outcomes.stream().allMatch(o -> o.status() == StepOutcome.Status.EXECUTED);
  }

  /** The outcome of the step with this id, if the plan has such a step. */
  public Optional<StepOutcome> outcome(String stepId) {
    Objects.requireNonNull(stepId, "stepId");
    return outcomes.stream().filter(o -> o.stepId().equals(stepId)).findFirst();
  }

  /** The outcomes with this status, in plan order. */
  public List<StepOutcome> withStatus(StepOutcome.Status status) {
    Objects.requireNonNull(status, "status");
    return outcomes.stream().filter(o -> o.status() == status).toList();
  }

  /** What the re-audit found still billing, or an empty audit when it failed. */
  public Audit actualResidual() {
    return reaudit.map(Audit::billing).orElseGet(() -> new Audit(List.of()));
  }

  /** A plain-text report: each step's outcome, what still bills, and the comparison with the promise. */
  public String render() {
    return TextTables.report(this);
  }

  @Override
  public String toString() {
    return render();
  }
}
