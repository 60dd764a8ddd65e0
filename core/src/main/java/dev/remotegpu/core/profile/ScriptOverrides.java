package dev.remotegpu.core.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The run-script variables (DATA_DIR, DURABLE_DIR, SCRATCH, HF_HOME ...) for one flavour, in order.
 *
 * @param flavour the flavour they apply to
 * @param variables the variables, in the platform's order
 * @param notes further instructions that go with them
 */
public record ScriptOverrides(Flavour flavour, List<ScriptVariable> variables, List<String> notes) {

  public ScriptOverrides {
    Objects.requireNonNull(flavour, "flavour");
    variables = List.copyOf(Objects.requireNonNull(variables, "variables"));
    notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
  }

  /** The value of one variable, empty when it is not set here. */
  public Optional<String> value(String name) {
    Objects.requireNonNull(name, "name");
    return variables.stream().filter(v -> v.name().equals(name)).map(ScriptVariable::value).findFirst();
  }
}
