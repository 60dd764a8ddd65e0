package dev.remotegpu.core.teardown.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LedgerEntry;
import dev.remotegpu.core.teardown.AuditItem;
import dev.remotegpu.core.teardown.Ownership;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Prices and classifies billables: ours (by the launch ledger) or unknown, with the explaining gotcha. */
public final class Auditor {

  private Auditor() {}

  /** One audit item per billable, in the given order. */
  public static List<AuditItem> audit(List<Billable> billables, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds) {
    Objects.requireNonNull(billables, "billables");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(gotchaIds, "gotchaIds");
    Map<String, String> runByMachine = new HashMap<>();
    for (LedgerEntry entry : ledger.entries()) {
      entry.machineId().ifPresent(id -> runByMachine.put(id, entry.runId()));
    }
    List<AuditItem> items = new ArrayList<>(billables.size());
    for (Billable billable : billables) {
      Objects.requireNonNull(billable, "billable");
      items.add(item(billable, ledger, runByMachine, gotchaIds));
    }
    return items;
  }

  private static AuditItem item(Billable billable, LaunchLedger ledger, Map<String, String> runByMachine,
      Function<BillableKind, Optional<String>> gotchaIds) {
    Optional<String> gotcha = Objects.requireNonNull(gotchaIds.apply(billable.kind()),
        "gotchaIds returned null for " + billable.kind());
    Ownership ownership;
    String reason;
    Optional<String> runId;
    if (billable.kind() == BillableKind.MACHINE) {
      boolean ours = ledger.ownsMachine(billable.id());
      ownership = ours ? Ownership.OURS : Ownership.UNKNOWN;
      runId = ours ? Optional.ofNullable(runByMachine.get(billable.id())) : Optional.empty();
      reason = ours ? "machine in the launch ledger" + runId.map(r -> ", run " + r).orElse("")
          : "machine not in the launch ledger";
    } else if (billable.machineId().isPresent()) {
      String machineId = billable.machineId().get();
      boolean ours = ledger.ownsMachine(machineId);
      ownership = ours ? Ownership.OURS : Ownership.UNKNOWN;
      runId = ours ? Optional.ofNullable(runByMachine.get(machineId)) : Optional.empty();
      reason = ours ? relation(billable.kind()) + " our machine " + machineId + runId.map(r -> ", run " + r).orElse("")
          : relation(billable.kind()) + " machine " + machineId + ", which is not in the launch ledger";
    } else {
      ownership = Ownership.UNKNOWN;
      runId = Optional.empty();
      reason = "belongs to no machine of the launch ledger";
    }
    return new AuditItem(billable, describe(billable), ownership, reason, runId, billable.rate().perHour(),
        toCents(billable.rate().perMonth()), gotcha);
  }

  /**
   * Monthly costs are rounded to the cent: a rate made from a monthly price ({@code Rate.monthly}) keeps an
   * hourly price rounded to 10 decimals, so 730 of its hours come to a hair under the price itself.
   */
  private static Money toCents(Money money) {
    return Money.usd(money.amount().setScale(2, RoundingMode.HALF_UP));
  }

  private static String relation(BillableKind kind) {
    return switch (kind) {
      case SNAPSHOT, CUSTOM_TEMPLATE -> "made from";
      default -> "attached to";
    };
  }

  /** What a billable is, in words, with why its price is unknown when it is. */
  static String describe(Billable billable) {
    String what = what(billable);
    return billable.unknownPrice().map(why -> what + "; price unknown: " + why).orElse(what);
  }

  private static String what(Billable billable) {
    String size = billable.sizeGb().map(gb -> " (" + gb + " GB)").orElse("");
    String named = billable.name().equals(billable.id()) ? "" : " " + billable.name();
    String ofMachine = billable.machineId().map(m -> " of machine " + m).orElse("");
    return switch (billable.kind()) {
      case MACHINE -> "machine" + named + " in " + billable.region() + ", " + billable.state();
      case BLOCK_STORAGE -> "block storage" + size + ofMachine + ", removed by its machine's destroy";
      case PUBLIC_IP -> "static public IP" + billable.machineId().map(m -> " of machine " + m)
          .orElse(", attached to no machine") + ", billed until released";
      case DYNAMIC_PUBLIC_IP -> "dynamic public IP" + ofMachine + ", released at its power-off";
      case SHARED_STORAGE -> "shared drive" + named + size;
      case SNAPSHOT -> "snapshot" + named + size + ofMachine + ", survives the machine's destroy";
      case CUSTOM_TEMPLATE -> "custom template" + named + size + billable.machineId().map(m -> " from machine " + m)
          .orElse("");
    };
  }
}
