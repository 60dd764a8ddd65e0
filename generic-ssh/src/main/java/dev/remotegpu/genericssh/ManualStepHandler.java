package dev.remotegpu.genericssh;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Where a {@link ManualStep} goes: to you. It shows the step and answers whether you have done it; the SDK
 * never acts on a box by itself (GEN1: prompt, never auto-act). A "yes" is then checked: the box must stop
 * answering SSH, or the step fails and the box is still audited as billing.
 */
@FunctionalInterface
public interface ManualStepHandler {

  /** Shows {@code step} and returns whether you confirm you did it. */
  boolean perform(ManualStep step);

  /** Prints each step to {@code out} and never confirms: the box stays audited as billing until you stop it. */
  static ManualStepHandler printTo(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return step -> {
      out.println(step.render());
      return false;
    };
  }
}
