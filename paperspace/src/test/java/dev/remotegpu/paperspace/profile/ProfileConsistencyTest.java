package dev.remotegpu.paperspace.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.profile.BillingRule;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.LifecycleEvent;
import dev.remotegpu.core.profile.PlatformProfile;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Holds the danger clocks, the billing rules and the survival table to one another: a resource that outlives a
 * machine's destroy does so in all three, and one that goes with the destroy is never said to bill after it.
 */
class ProfileConsistencyTest {

  private final PlatformProfile profile = PaperspaceProfile.get();

  /** The billing rules that price a storage tier of the survival table. */
  private static final Map<String, String> TIER_OF_RULE = Map.of(
      "block-storage", "core-block-storage",
      "snapshot", "core-snapshot",
      "notebook-storage", "notebook-storage");

  /** How the orphan-bleed warning names each resource that outlives a destroy. */
  private static final Map<String, String> WORDING_OF_RULE = Map.of(
      "snapshot", "snapshots",
      "notebook-storage", "gradient /storage",
      "static-public-ip", "static public ip");

  private DangerClock orphanClock() {
    return profile.dangerClocks().stream().filter(c -> c.title().toLowerCase(Locale.ROOT).contains("orphan"))
        .findFirst().orElseThrow();
  }

  @Test
  void everyStorageBillingRuleAgreesWithTheSurvivalTableOnADestroy() {
    for (BillingRule rule : profile.billingRules()) {
      boolean storage = rule.kind().filter(k -> k == BillableKind.BLOCK_STORAGE || k == BillableKind.SHARED_STORAGE
          || k == BillableKind.SNAPSHOT).isPresent();
      if (!storage) {
        continue;
      }
      assertThat(TIER_OF_RULE).as("survival tier of billing rule %s", rule.id()).containsKey(rule.id());
      String tier = TIER_OF_RULE.get(rule.id());
      assertThat(rule.survivesMachineDestroy()).as("rule %s vs tier %s on DESTROY", rule.id(), tier)
          .isEqualTo(profile.survival().tierSurvives(tier, LifecycleEvent.DESTROY));
      assertThat(rule.billedWhileStopped()).as("rule %s vs tier %s on STOP", rule.id(), tier)
          .isEqualTo(profile.survival().tierSurvives(tier, LifecycleEvent.STOP));
    }
  }

  @Test
  void theOrphanBleedClockNamesExactlyWhatOutlivesADestroy() {
    String warning = orphanClock().warning().toLowerCase(Locale.ROOT);
    for (BillingRule rule : profile.billingRules()) {
      if (rule.survivesMachineDestroy() && rule.kind().isPresent()) {
        assertThat(WORDING_OF_RULE).as("wording of rule %s", rule.id()).containsKey(rule.id());
        assertThat(warning).as("the orphan clock names %s, which survives a destroy", rule.id())
            .contains(WORDING_OF_RULE.get(rule.id()));
      }
    }
    BillingRule blockStorage = profile.billingRules().stream().filter(r -> r.id().equals("block-storage"))
        .findFirst().orElseThrow();
    assertThat(blockStorage.survivesMachineDestroy()).isFalse();
    assertThat(warning).as("block storage goes with the destroy")
        .doesNotContainPattern("block storage keeps? billing after")
        .contains("a destroy removes the machine's own block storage");
    assertThat(profile.billing().irreversibleActions()).anySatisfy(a -> assertThat(a).contains("removes its block storage"));
  }

  @Test
  void theOrphanClockCitesTheGotchasOfWhatItNames() {
    assertThat(orphanClock().gotchaIds()).contains(profile.gotchaIdFor(BillableKind.SNAPSHOT).orElseThrow(),
        profile.gotchaIdFor(BillableKind.PUBLIC_IP).orElseThrow());
    assertThat(profile.gotcha("PS9").rootCause()).contains("survives a machine destroy");
    assertThat(profile.survival().tierSurvives("core-snapshot", LifecycleEvent.DESTROY)).isTrue();
  }

  @Test
  void aTierIsFoundByIdOrByNameAndAPathNamesItsProduct() {
    assertThat(profile.survival().tier("Core snapshot").id()).isEqualTo("core-snapshot");
    assertThat(profile.survival().tier("core-snapshot").name()).isEqualTo("Core snapshot");
    assertThat(profile.survival().tiersForPath("/storage/run-1")).extracting(t -> t.id())
        .containsExactly("notebook-storage");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> profile.survival().tier("attic"))
        .hasMessageContaining("core-snapshot (Core snapshot)");
  }
}
