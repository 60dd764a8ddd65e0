package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.Billable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the account still bills after a stop or a destroy, for the PS1 and PS9 checks.
 *
 * @param machineId the machine that was stopped or destroyed; empty to judge every billable in the list
 * @param billables the account's billables as listed after the teardown
 */
public record LeftoverBillables(Optional<String> machineId, List<Billable> billables) {

  public LeftoverBillables {
    Objects.requireNonNull(machineId, "machineId");
    billables = List.copyOf(Objects.requireNonNull(billables, "billables"));
  }

  /** Everything left in the account, whichever machine it belonged to. */
  public static LeftoverBillables all(List<Billable> billables) {
    return new LeftoverBillables(Optional.empty(), billables);
  }

  /** The billables that belong to {@link #machineId()} (all of them when it is empty). */
  public List<Billable> relevant() {
    return billables.stream()
        .filter(b -> machineId.isEmpty() || b.machineId().equals(machineId) || b.id().equals(machineId.get()))
        .toList();
  }
}
