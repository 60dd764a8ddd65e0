package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.Money;
import java.util.List;
import java.util.Objects;

/**
 * One step of a {@link TeardownPlan}: what it does to which resource, whether it can be undone, what it
 * stops billing, and what must hold before it runs.
 *
 * @param id the stable step id an approval names, for example {@code "destroy-machine:psm123"}
 * @param kind what the step does
 * @param target the resource it acts on
 * @param reversible whether it can be undone; irreversible steps are gated by the Iron Law
 * @param ends every resource that stops billing when the step runs (a destroy also ends the machine's
 *     block storage)
 * @param endsPerHour the hourly cost it ends, counted after the earlier steps of the plan
 * @param endsPerMonth the monthly cost it ends, caps applied, counted after the earlier steps of the plan
 * @param preconditions what must hold before it runs, in words
 * @param dependsOn ids of earlier steps that must have been executed for this one to run
 */
public record TeardownStep(
    String id,
    TeardownStepKind kind,
    Billable target,
    boolean reversible,
    List<Billable> ends,
    Money endsPerHour,
    Money endsPerMonth,
    String preconditions,
    List<String> dependsOn) {

  public TeardownStep {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    ends = List.copyOf(Objects.requireNonNull(ends, "ends"));
    Objects.requireNonNull(endsPerHour, "endsPerHour");
    Objects.requireNonNull(endsPerMonth, "endsPerMonth");
    Objects.requireNonNull(preconditions, "preconditions");
    dependsOn = List.copyOf(Objects.requireNonNull(dependsOn, "dependsOn"));
    if (reversible != kind.reversible()) {
      throw new IllegalArgumentException("step " + id + ": a " + kind + " step is "
          + (kind.reversible() ? "reversible" : "irreversible") + ", not the other way round");
    }
    if (!id.equals(kind.stepId(target.id()))) {
      throw new IllegalArgumentException("step id " + id + " does not match its kind and target: expected "
          + kind.stepId(target.id()));
    }
  }

  @Override
  public String toString() {
    return id + (reversible ? " (reversible)" : " (IRREVERSIBLE)") + ", ends " + endsPerMonth.toDisplayString()
        + "/month";
  }
}
