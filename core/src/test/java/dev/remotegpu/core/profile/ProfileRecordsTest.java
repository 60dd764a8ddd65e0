package dev.remotegpu.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileRecordsTest {

  private static final Product PRODUCT = new Product("p", "P", new Flavour("f", "F"), false);

  @Test
  void autoShutdownPolicyKnowsItsRangeAndDefault() {
    AutoShutdownPolicy policy = new AutoShutdownPolicy(PRODUCT, Optional.of(Duration.ofHours(12)),
        Optional.of(Duration.ofHours(1)), Duration.ofDays(7), false, true, false, "");
    assertThat(policy.allows(Duration.ofHours(1))).isTrue();
    assertThat(policy.allows(Duration.ofMinutes(59))).isFalse();
    assertThat(policy.allows(Duration.ofDays(8))).isFalse();
    assertThat(policy.effectiveWindow(Optional.empty())).contains(Duration.ofHours(12));
    assertThat(policy.effectiveWindow(Optional.of(Duration.ofHours(3)))).contains(Duration.ofHours(3));
    AutoShutdownPolicy hardCapped = new AutoShutdownPolicy(PRODUCT, Optional.empty(), Optional.empty(),
        Duration.ofHours(6), true, true, false, "");
    assertThat(hardCapped.effectiveWindow(Optional.empty())).contains(Duration.ofHours(6));
    AutoShutdownPolicy unknown = new AutoShutdownPolicy(PRODUCT, Optional.empty(), Optional.empty(),
        Duration.ofHours(6), false, true, false, "");
    assertThat(unknown.effectiveWindow(Optional.empty())).isEmpty();
    assertThatThrownBy(() -> new AutoShutdownPolicy(PRODUCT, Optional.empty(), Optional.empty(), Duration.ZERO,
        true, true, false, "")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWindow");
  }

  @Test
  void billingAnswersWhatStillBillsWhenStopped() {
    BillingRule compute = rule("compute", BillableKind.MACHINE, false, false);
    BillingRule ip = rule("ip", BillableKind.PUBLIC_IP, true, false);
    BillingRule snapshot = rule("snapshot", BillableKind.SNAPSHOT, true, true);
    Billing billing = new Billing("per hour", "", true, "", List.of(), List.of(), List.of(),
        List.of(compute, ip, snapshot), "");
    assertThat(billing.stillBillsWhenStopped()).containsExactly(ip, snapshot);
    assertThat(billing.stillBillsAfterMachineDestroy()).containsExactly(snapshot);
    assertThat(billing.rule("IP")).isEqualTo(ip);
    assertThat(billing.rules(BillableKind.SNAPSHOT)).containsExactly(snapshot);
    assertThatThrownBy(() -> billing.rule("gpu")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gpu'").hasMessageContaining("compute, ip, snapshot");
  }

  private static BillingRule rule(String id, BillableKind kind, boolean whileStopped, boolean afterDestroy) {
    return new BillingRule(id, id, Optional.of(kind), true, whileStopped, afterDestroy, "delete",
        Optional.of(Rate.hourly(Money.usd("0.01"))), Optional.empty(), true, List.of(), "");
  }

  @Test
  void gotchaRefusesBlankFieldsNamingThem() {
    assertThatThrownBy(() -> new Gotcha("X1", "t", " ", "c", "f", List.of(), Optional.empty(), Optional.empty(),
        List.of(), List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X1")
        .hasMessageContaining("symptom");
  }

  @Test
  void runVanishedObservationRefusesNegativeDurations() {
    assertThatThrownBy(() -> new RunVanishedObservation("", "", "", Optional.of(Duration.ofHours(-1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoShutdownWindow");
    assertThat(new RunVanishedObservation("", "", "", Optional.empty()).runtimeBeforeVanish()).isEmpty();
  }

  @Test
  void freeTierStorageIsDecimalGigabytes() {
    FreeTier tier = new FreeTier(1, 5, 5, true, true, List.of());
    assertThat(tier.storageBytes()).isEqualTo(5_000_000_000L);
    assertThatThrownBy(() -> new FreeTier(-1, 5, 5, true, true, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scriptOverridesLookUpByName() {
    ScriptOverrides overrides = new ScriptOverrides(new Flavour("f", "F"),
        List.of(new ScriptVariable("DURABLE_DIR", "/storage", "")), List.of());
    assertThat(overrides.value("DURABLE_DIR")).contains("/storage");
    assertThat(overrides.value("NOPE")).isEmpty();
  }

  @Test
  void sizeRangeChecksBounds() {
    SizeRange range = new SizeRange(50, 2000);
    assertThat(range.contains(50)).isTrue();
    assertThat(range.contains(2001)).isFalse();
    assertThatThrownBy(() -> new SizeRange(10, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
