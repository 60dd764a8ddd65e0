package dev.remotegpu.paperspace.profile;

import static dev.remotegpu.core.profile.LifecycleEvent.DESTROY;
import static dev.remotegpu.core.profile.LifecycleEvent.STOP;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.CORE;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_NOTEBOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.profile.BillingRule;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.PlatformProfile;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaperspaceProfileQueriesTest {

  private final PlatformProfile profile = PaperspaceProfile.get();

  @Test
  void loadsOnce() {
    assertThat(PaperspaceProfile.get()).isSameAs(profile);
  }

  @Test
  void gotchaById() {
    assertThat(profile.gotcha("PS2").title()).contains("round-number wall-clock");
    assertThat(profile.gotcha(" ps2 ")).isSameAs(profile.gotcha("PS2"));
    assertThatThrownBy(() -> profile.gotcha("PS99")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'PS99'");
  }

  @Test
  void gotchasBySymptomWords() {
    assertThat(profile.gotchasMatching("vanished at 12 h")).extracting(Gotcha::id).first().isEqualTo("PS2");
    assertThat(profile.gotchasMatching("killed at 12h")).extracting(Gotcha::id).first().isEqualTo("PS2");
    assertThat(profile.gotchasMatching("still billed")).extracting(Gotcha::id).first().isEqualTo("PS1");
    assertThat(profile.gotchasMatching("pip install gone after restart")).extracting(Gotcha::id).first()
        .isEqualTo("PS3");
    assertThat(profile.gotchasMatching("snapshot still charging after destroy")).extracting(Gotcha::id)
        .first().isEqualTo("PS9");
    assertThat(profile.gotchasMatching("notebook stuck pending")).extracting(Gotcha::id).first().isEqualTo("PS8");
    assertThat(profile.gotchasMatching("driver too old")).extracting(Gotcha::id).first().isEqualTo("PS11");
    assertThat(profile.gotchasMatching("")).isEmpty();
    assertThat(profile.gotchasMatching("qwertyuiop")).isEmpty();
  }

  @Test
  void pathSurvival() {
    assertThat(profile.survival().survives(GRADIENT_NOTEBOOK, "/storage", STOP)).isTrue();
    assertThat(profile.survival().survives("/storage", STOP)).isTrue();
    assertThat(profile.survival().survives(GRADIENT_NOTEBOOK, "/storage/run-1/ckpt.pt", DESTROY)).isTrue();
    assertThat(profile.survival().survives(GRADIENT_NOTEBOOK, "/notebooks/x", STOP)).isTrue();
    assertThat(profile.survival().survives(GRADIENT_NOTEBOOK, "/notebooks/x", DESTROY)).isFalse();
    assertThat(profile.survival().survives(GRADIENT_NOTEBOOK, "/usr/local/lib", STOP)).isFalse();
    assertThat(profile.survival().survives("/usr/local/lib/python3.11/site-packages", STOP)).isFalse();
    assertThat(profile.survival().survives(GRADIENT_NOTEBOOK, "/tmp/scratch", STOP)).isFalse();
    assertThat(profile.survival().survives(CORE, "/home/paperspace/ckpt", STOP)).isTrue();
    assertThat(profile.survival().survives(CORE, "/home/paperspace/ckpt", DESTROY)).isFalse();
    assertThatThrownBy(() -> profile.survival().survives("/tmp/x", STOP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/tmp/x");
  }

  @Test
  void tierSurvival() {
    assertThat(profile.survival().tierSurvives("core-block-storage", DESTROY)).isFalse();
    assertThat(profile.survival().tierSurvives("core-snapshot", DESTROY)).isTrue();
  }

  @Test
  void stillBillsWhenStoppedListsStoragePublicIpAndAddOns() {
    assertThat(profile.billing().stillBillsWhenStopped()).extracting(BillingRule::id)
        .contains("block-storage", "notebook-storage", "static-public-ip", "add-ons", "snapshot")
        .doesNotContain("compute", "dynamic-public-ip");
    assertThat(profile.billing().stillBillsWhenStopped()).extracting(BillingRule::kind)
        .contains(Optional.of(BillableKind.BLOCK_STORAGE), Optional.of(BillableKind.PUBLIC_IP), Optional.empty());
    assertThat(profile.billingRules()).isEqualTo(profile.billing().rules());
    assertThat(profile.billing().stillBillsAfterMachineDestroy()).extracting(BillingRule::id)
        .contains("snapshot", "static-public-ip").doesNotContain("block-storage");
  }

  @Test
  void productsAndFlavoursByIdAndTheirPolicies() {
    assertThat(profile.product("gradient-free-notebook")).isEqualTo(PaperspaceProfile.GRADIENT_FREE_NOTEBOOK);
    assertThat(profile.flavour("CORE-MACHINE")).isEqualTo(CORE);
    assertThatThrownBy(() -> profile.product("lambda")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'lambda'").hasMessageContaining("core-machine");
  }

  @Test
  void vanishDiagnosisIsThePs13Check() {
    assertThat(profile.vanishDiagnosis().gotchaId()).isEqualTo("PS13");
  }
}
