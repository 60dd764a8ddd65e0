package dev.remotegpu.core.teardown;

import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one step of an execution. Refusals and failures are values, never thrown.
 *
 * @param step the step
 * @param status what happened
 * @param detail why, in words (the refusal reason, the failure message, why it was skipped)
 * @param error the exception the action threw, when the status is {@link Status#FAILED}
 */
public record StepOutcome(TeardownStep step, Status status, String detail, Optional<RuntimeException> error) {

  /** What happened to a step. */
  public enum Status {
    /** The action ran and returned normally, in this execution or an earlier one of the same plan. */
    EXECUTED,
    /** The Iron Law refused it: no approval naming the step, or no evidence matching the current manifest. */
    REFUSED,
    /** The action ran and threw; the detail says what failed. */
    FAILED,
    /** Not run: a reversible step nobody asked for, or a step whose dependency was not executed. */
    SKIPPED,
    /**
     * The action was accepted but its resource had not reached its end state by the deadline (a stop not yet
     * OFF, a destroy not yet gone); not a failure: audit again later.
     */
    IN_PROGRESS
  }

  public StepOutcome {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(error, "error");
  }

  /** The step ran. */
  public static StepOutcome executed(TeardownStep step) {
    return new StepOutcome(step, Status.EXECUTED, "done", Optional.empty());
  }

  /** The step was executed by an earlier execution of the same plan, and was not run again. */
  public static StepOutcome executedEarlier(TeardownStep step) {
    return new StepOutcome(step, Status.EXECUTED, "executed by an earlier execute(); not run again",
        Optional.empty());
  }

  /** The step was refused, with the reason. */
  public static StepOutcome refused(TeardownStep step, String reason) {
    return new StepOutcome(step, Status.REFUSED, reason, Optional.empty());
  }

  /** The step's action threw. */
  public static StepOutcome failed(TeardownStep step, RuntimeException error) {
    Objects.requireNonNull(error, "error");
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return new StepOutcome(step, Status.FAILED, message, Optional.of(error));
  }

  /** The step's action was accepted and is still under way at its deadline. */
  public static StepOutcome inProgress(TeardownStep step, String detail) {
    return new StepOutcome(step, Status.IN_PROGRESS, detail, Optional.empty());
  }

  /** The step was not run, with the reason. */
  public static StepOutcome skipped(TeardownStep step, String reason) {
    return new StepOutcome(step, Status.SKIPPED, reason, Optional.empty());
  }

  /** The step id. */
  public String stepId() {
    return step.id();
  }

  @Override
  public String toString() {
    return step.id() + ": " + status + (status == Status.EXECUTED ? "" : " - " + detail);
  }
}
