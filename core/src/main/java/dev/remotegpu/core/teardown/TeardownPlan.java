package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Money;
import java.util.List;
import java.util.Optional;

/**
 * An ordered list of steps that stop what bills: stops first (reversible), then destroys and releases
 * (irreversible), then deletion of durable data last. Made by {@link TeardownPlanner#plan}; the resource
 * actions and the re-audit are bound when the plan is made.
 *
 * <p>{@link #execute} runs a reversible step when it is approved by id or all reversible steps are
 * approved, and an irreversible step only when an approval names that exact step id AND the
 * {@link VerificationEvidence} matches the current manifest (the Iron Law). Anything else is refused as a
 * result value, never thrown. A plan may be executed again (for example stops now, destroys after the user
 * approved them): steps already executed are skipped. Implementations are thread-safe.
 */
public interface TeardownPlan {

  /** The audit the plan was made from. */
  Audit audit();

  /** The request the plan was made for. */
  TeardownRequest request();

  /** The steps in the order they run. */
  List<TeardownStep> steps();

  /** The step with this id, if the plan has one. */
  Optional<TeardownStep> step(String stepId);

  /** The part of {@link #audit()} that still bills once every step has run, item by item. */
  Audit residual();

  /** What every step together stops billing per month. */
  Money endsPerMonth();

  /** The unknown resources the plan reports but does not touch. */
  List<AuditItem> untouchedUnknown();

  /**
   * Runs the steps the approvals and the evidence allow, then the re-audit, and compares what still bills
   * with what the executed steps promised.
   *
   * @param approvals the exact step ids the user approved, and whether stops may run unnamed
   * @param evidence the pulled-and-verified evidence the irreversible steps require
   */
  ExecutionReport execute(Approvals approvals, Optional<VerificationEvidence> evidence);

  /** A plain-text table of the steps, what each ends, what still bills after the plan, and what is untouched. */
  String render();
}
