package dev.remotegpu.core.teardown.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.teardown.AuditItem;
import dev.remotegpu.core.teardown.TeardownStep;
import dev.remotegpu.core.teardown.TeardownStepKind;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What teardown steps do to the bill: which billables a step ends, and what still bills after a set of
 * steps. A stop ends its machine's own (compute) rate but nothing attached to it; a destroy ends the
 * machine and its block storage, not its IP or snapshots; a stop or a destroy also ends the machine's
 * dynamic public IP, which the platform releases at power-off; the other steps end their target.
 */
final class Projection {

  private Projection() {}

  /** Whether running this step stops the billing of this billable. */
  static boolean ends(TeardownStep step, Billable billable) {
    Billable target = step.target();
    if (step.kind() == TeardownStepKind.DESTROY_MACHINE && billable.kind() == BillableKind.BLOCK_STORAGE) {
      return billable.machineId().filter(target.id()::equals).isPresent();
    }
    boolean powersOff = step.kind() == TeardownStepKind.STOP_MACHINE || step.kind() == TeardownStepKind.DESTROY_MACHINE;
    if (powersOff && billable.kind() == BillableKind.DYNAMIC_PUBLIC_IP) {
      return billable.machineId().filter(target.id()::equals).isPresent();
    }
    return billable.kind() == target.kind() && billable.id().equals(target.id());
  }

  /** The items that still bill once all these steps have run. */
  static List<AuditItem> remaining(List<AuditItem> items, Collection<TeardownStep> steps) {
    return items.stream()
        .filter(AuditItem::bills)
        .filter(item -> steps.stream().noneMatch(step -> ends(step, item.billable())))
        .toList();
  }

  /** The step among these that should have ended this billable, if any. */
  static Optional<TeardownStep> stepEnding(Collection<TeardownStep> steps, Billable billable) {
    return steps.stream().filter(step -> ends(step, billable)).findFirst();
  }

  /** A key telling billables apart across kinds. */
  static String key(Billable billable) {
    return billable.kind() + "\u0000" + billable.id();
  }
}
