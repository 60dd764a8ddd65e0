package dev.remotegpu.paperspace.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.profile.Finding;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PS1 (storage, IPs, add-ons left billing) and PS9 (a snapshot outliving its machine). */
class OrphanBillablesChecksTest {

  private static final Billable STATIC_IP = new Billable(BillableKind.PUBLIC_IP, "203.0.113.7", "203.0.113.7", "ny2",
      Optional.of("ps-m1"), Optional.empty(), "assigned", Rate.hourlyCapped(Money.usd("0.0045"), Money.usd("3.00")));
  private static final Billable VOLUME = new Billable(BillableKind.BLOCK_STORAGE, "vol-1", "data", "ny2",
      Optional.of("ps-m1"), Optional.of(2000L), "detached", Rate.monthly(Money.usd("120")));
  private static final Billable SNAPSHOT = new Billable(BillableKind.SNAPSHOT, "snap-1", "nightly", "ny2",
      Optional.of("ps-m1"), Optional.of(100L), "ready", Rate.monthly(Money.usd("29")));
  private static final Billable OTHER_MACHINE_IP = new Billable(BillableKind.PUBLIC_IP, "198.51.100.9", "198.51.100.9",
      "ny2", Optional.of("ps-other"), Optional.empty(), "assigned",
      Rate.hourlyCapped(Money.usd("0.0045"), Money.usd("3.00")));
  private static final Billable FREE_TEMPLATE = new Billable(BillableKind.CUSTOM_TEMPLATE, "tpl-1", "tpl", "ny2",
      Optional.of("ps-m1"), Optional.empty(), "ready", Rate.FREE);

  private final LeftoverBillables leftovers = new LeftoverBillables(Optional.of("ps-m1"),
      List.of(STATIC_IP, VOLUME, SNAPSHOT, OTHER_MACHINE_IP, FREE_TEMPLATE));

  @Test
  void ps1FlagsTheMachinesStorageAndStaticIpWithTheirMonthlyCost() {
    List<Finding> findings = new OrphanBillablesCheck().check(leftovers);
    assertThat(findings).hasSize(2).allSatisfy(f -> assertThat(f.gotchaId()).isEqualTo("PS1"));
    assertThat(findings.get(0).message()).contains("203.0.113.7").contains("$3.00 a month");
    assertThat(findings.get(0).fix()).startsWith("Release the static IP").contains("Iron Law");
    assertThat(findings.get(1).message()).contains("vol-1").contains("$120.00 a month");
  }

  @Test
  void ps9FlagsTheLeftoverSnapshot() {
    assertThat(new OrphanSnapshotCheck().check(leftovers)).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS9");
      assertThat(f.message()).contains("snap-1").contains("$29.00");
      assertThat(f.fix()).startsWith("Delete the snapshot");
    });
  }

  @Test
  void withoutAMachineIdEveryBillableCounts() {
    assertThat(new OrphanBillablesCheck().check(LeftoverBillables.all(List.of(STATIC_IP, OTHER_MACHINE_IP))))
        .hasSize(2);
  }

  @Test
  void aCleanAccountHasNoFinding() {
    assertThat(new OrphanBillablesCheck().check(LeftoverBillables.all(List.of()))).isEmpty();
    assertThat(new OrphanSnapshotCheck().check(new LeftoverBillables(Optional.of("ps-m1"), List.of(OTHER_MACHINE_IP))))
        .isEmpty();
  }
}
