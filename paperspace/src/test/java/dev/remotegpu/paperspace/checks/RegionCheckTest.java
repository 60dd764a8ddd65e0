package dev.remotegpu.paperspace.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegionCheckTest {

  private final RegionCheck check = new RegionCheck();

  @Test
  void templateAndStorageInOtherRegionsAreFlaggedEach() {
    assertThat(check.check(new RegionPlacement("ny2", Optional.of("ams1"), List.of("ny2", "ca1"))))
        .hasSize(2).allSatisfy(f -> assertThat(f.gotchaId()).isEqualTo("PS5"))
        .extracting(f -> f.evidence()).containsExactly("templateRegion=ams1, machineRegion=ny2",
            "storageRegion=ca1, machineRegion=ny2");
  }

  @Test
  void coLocatedResourcesHaveNoFinding() {
    assertThat(check.check(new RegionPlacement("NY2", Optional.of("ny2"), List.of("ny2")))).isEmpty();
    assertThat(check.check(new RegionPlacement("ny2", Optional.empty(), List.of()))).isEmpty();
  }

  @Test
  void blankRegionsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> check.check(new RegionPlacement(" ", Optional.empty(), List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("machineRegion");
    assertThatThrownBy(() -> check.check(new RegionPlacement("ny2", Optional.empty(), List.of(""))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storageRegions");
  }
}
