package dev.remotegpu.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SurvivalMatrixTest {

  private static final Flavour SANDBOX = new Flavour("sandbox", "Sandbox");
  private static final Flavour VM = new Flavour("vm", "VM");

  private static final SurvivalMatrix MATRIX = new SurvivalMatrix(
      List.of(
          tier("shared", SANDBOX, List.of("/data"), false),
          tier("scratch", SANDBOX, List.of("/usr/lib"), true),
          tier("disk", VM, List.of(), true),
          tier("image", VM, List.of(), false)),
      List.of(
          new SurvivalCell("shared", LifecycleEvent.STOP, true, ""),
          new SurvivalCell("shared", LifecycleEvent.DESTROY, true, ""),
          new SurvivalCell("scratch", LifecycleEvent.STOP, false, "wiped"),
          new SurvivalCell("scratch", LifecycleEvent.DESTROY, false, ""),
          new SurvivalCell("disk", LifecycleEvent.STOP, true, ""),
          new SurvivalCell("disk", LifecycleEvent.DESTROY, false, ""),
          new SurvivalCell("image", LifecycleEvent.STOP, true, ""),
          new SurvivalCell("image", LifecycleEvent.DESTROY, true, "")));

  private static StorageTier tier(String id, Flavour flavour, List<String> prefixes, boolean catchAll) {
    return new StorageTier(id, id, flavour, prefixes, catchAll, "", false, Optional.empty(), "");
  }

  @Test
  void longestPrefixWinsOverCatchAllOnAFlavour() {
    assertThat(MATRIX.tierForPath(SANDBOX, "/data/run/ckpt.pt")).map(StorageTier::id).contains("shared");
    assertThat(MATRIX.tierForPath(SANDBOX, "/home/me")).map(StorageTier::id).contains("scratch");
    assertThat(MATRIX.survives(SANDBOX, "/data", LifecycleEvent.STOP)).isTrue();
    assertThat(MATRIX.survives(SANDBOX, "/usr/lib/python3", LifecycleEvent.STOP)).isFalse();
  }

  @Test
  void prefixMatchesWholeSegmentsOnlyAndNormalises() {
    assertThat(MATRIX.tierForPath(SANDBOX, "/database")).map(StorageTier::id).contains("scratch");
    assertThat(MATRIX.tierForPath(SANDBOX, "/tmp/../data//x/")).map(StorageTier::id).contains("shared");
  }

  @Test
  void pathOnlyQueryPicksTheMostSpecificFlavourOrRefusesAnAmbiguousAnswer() {
    assertThat(MATRIX.survives("/data/x", LifecycleEvent.DESTROY)).isTrue();
    assertThat(MATRIX.survives("/usr/lib/x", LifecycleEvent.STOP)).isFalse();
    assertThatThrownBy(() -> MATRIX.survives("/home/me", LifecycleEvent.STOP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/home/me")
        .hasMessageContaining("survives(flavour, path, event)");
  }

  @Test
  void tierQueriesAnswerPathlessTiers() {
    assertThat(MATRIX.tierSurvives("image", LifecycleEvent.DESTROY)).isTrue();
    assertThat(MATRIX.tierSurvives("DISK", LifecycleEvent.DESTROY)).isFalse();
    assertThat(MATRIX.cell("scratch", LifecycleEvent.STOP).note()).isEqualTo("wiped");
    assertThat(MATRIX.tiers(VM)).extracting(StorageTier::id).containsExactly("disk", "image");
  }

  @Test
  void badInputIsRefusedNamingIt() {
    assertThatThrownBy(() -> MATRIX.survives(SANDBOX, "data", LifecycleEvent.STOP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'data'");
    assertThatThrownBy(() -> MATRIX.survives(SANDBOX, "  ", LifecycleEvent.STOP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> MATRIX.survives(SANDBOX, "/..", LifecycleEvent.STOP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above");
    assertThatThrownBy(() -> MATRIX.tier("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope").hasMessageContaining("shared");
  }

  @Test
  void aMatrixMissingACellIsRefused() {
    assertThatThrownBy(() -> new SurvivalMatrix(List.of(tier("a", VM, List.of(), true)),
        List.of(new SurvivalCell("a", LifecycleEvent.STOP, true, ""))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a x DESTROY");
    assertThatThrownBy(() -> new SurvivalMatrix(List.of(),
        List.of(new SurvivalCell("ghost", LifecycleEvent.STOP, true, ""))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost");
  }
}
