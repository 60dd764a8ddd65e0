package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Hand-built billables priced like Paperspace's, for the teardown tests. */
final class Accounts {

  static final String RUN = "run-42";
  static final String MACHINE = "psm1";
  static final String DISK = "disk-psm1";
  static final String IP = "203.0.113.10";
  static final String SNAPSHOT = "snap-psm1";

  static final String OTHER_MACHINE = "psx9";
  static final String OTHER_DISK = "disk-psx9";
  static final String OTHER_IP = "198.51.100.7";
  static final String SHARED = "shared-team";

  /** What the platform profile answers for Paperspace: PS1 for what bills while stopped, PS9 for snapshots. */
  static final Function<BillableKind, Optional<String>> GOTCHAS = kind -> Optional.ofNullable(Map.of(
      BillableKind.MACHINE, "PS1",
      BillableKind.BLOCK_STORAGE, "PS1",
      BillableKind.PUBLIC_IP, "PS1",
      BillableKind.SHARED_STORAGE, "PS1",
      BillableKind.SNAPSHOT, "PS9").get(kind));

  private Accounts() {}

  /** Our machine psm1 (running or off) with its 100 GB disk, its static IP and a 50 GB snapshot. */
  static List<Billable> ours(String machineState) {
    Rate compute = machineState.equals("off") ? Rate.FREE : Rate.hourly(Money.usd("0.76"));
    return List.of(
        new Billable(BillableKind.MACHINE, MACHINE, "rgpu-run-42-a", "ny2", Optional.empty(), Optional.empty(),
            machineState, compute),
        new Billable(BillableKind.BLOCK_STORAGE, DISK, DISK, "ny2", Optional.of(MACHINE), Optional.of(100L),
            "attached", Rate.monthly(Money.usd("10.00"))),
        new Billable(BillableKind.PUBLIC_IP, IP, IP, "ny2", Optional.of(MACHINE), Optional.empty(), "assigned",
            Rate.hourlyCapped(Money.usd("0.0045"), Money.usd("3.00"))),
        new Billable(BillableKind.SNAPSHOT, SNAPSHOT, "nightly", "ny2", Optional.of(MACHINE), Optional.of(50L),
            "ready", Rate.monthly(Money.usd("14.50"))));
  }

  /** Someone else's machine with its disk, a static IP attached to nothing, and a team shared drive. */
  static List<Billable> unknown() {
    return List.of(
        new Billable(BillableKind.MACHINE, OTHER_MACHINE, "colleague-box", "ny2", Optional.empty(),
            Optional.empty(), "ready", Rate.hourly(Money.usd("1.10"))),
        new Billable(BillableKind.BLOCK_STORAGE, OTHER_DISK, OTHER_DISK, "ny2", Optional.of(OTHER_MACHINE),
            Optional.of(200L), "attached", Rate.monthly(Money.usd("20.00"))),
        new Billable(BillableKind.PUBLIC_IP, OTHER_IP, OTHER_IP, "ny2", Optional.empty(), Optional.empty(),
            "unassigned", Rate.hourlyCapped(Money.usd("0.0045"), Money.usd("3.00"))),
        new Billable(BillableKind.SHARED_STORAGE, SHARED, "team-drive", "ny2", Optional.empty(),
            Optional.of(50L), "ready", Rate.monthly(Money.usd("5.00"))));
  }

  static List<Billable> oursAndUnknown(String machineState) {
    List<Billable> all = new ArrayList<>(ours(machineState));
    all.addAll(unknown());
    return all;
  }
}
