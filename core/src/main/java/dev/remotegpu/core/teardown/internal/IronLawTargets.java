package dev.remotegpu.core.teardown.internal;

import dev.remotegpu.core.teardown.TeardownStep;
import java.util.Optional;

/** Which machine's durable state an irreversible step can lose. */
final class IronLawTargets {
  private IronLawTargets() {}

  /** The machine a destroy acts on, or the machine a released IP, snapshot or template belongs to. */
  static Optional<String> machineOf(TeardownStep step) {
    return switch (step.kind()) {
      case DESTROY_MACHINE, STOP_MACHINE -> Optional.of(step.target().id());
      default -> step.target().machineId();
    };
  }
}
