package dev.remotegpu.core.teardown;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the user approved for one {@link TeardownPlan#execute}: exact step ids, and whether reversible
 * steps (stops) may run without being named.
 *
 * <p>A reversible step runs when its id is named or {@code reversibleSteps} is set; otherwise it is
 * SKIPPED. An irreversible step runs only when its exact id is named (and the evidence matches); otherwise
 * it is REFUSED. An approval of one step never covers another.
 *
 * @param stepIds the exact step ids the user approved, for example {@code "destroy-machine:psm123"}
 * @param reversibleSteps whether every reversible step may run without being named
 */
public record Approvals(Set<String> stepIds, boolean reversibleSteps) {

  public Approvals {
    stepIds = Set.copyOf(Objects.requireNonNull(stepIds, "stepIds"));
  }

  /** Nothing approved: an execution only reports what it would refuse. */
  public static Approvals none() {
    return new Approvals(Set.of(), false);
  }

  /** Every reversible step (stops), nothing irreversible. */
  public static Approvals reversibleOnly() {
    return new Approvals(Set.of(), true);
  }

  /** Exactly these steps, by id. */
  public static Approvals of(String... stepIds) {
    return of(Arrays.asList(stepIds));
  }

  /** Exactly these steps, by id. */
  public static Approvals of(Collection<String> stepIds) {
    return new Approvals(Set.copyOf(stepIds), false);
  }

  /** These approvals plus one more step id. */
  public Approvals and(String stepId) {
    Set<String> more = new HashSet<>(stepIds);
    more.add(Objects.requireNonNull(stepId, "stepId"));
    return new Approvals(more, reversibleSteps);
  }

  /** These approvals plus every reversible step. */
  public Approvals withReversibleSteps() {
    return new Approvals(stepIds, true);
  }

  /** Whether the user named this exact step id. */
  public boolean names(String stepId) {
    return stepIds.contains(Objects.requireNonNull(stepId, "stepId"));
  }
}
