package dev.remotegpu.core.profile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathsTest {

  @Test
  void normalisesDotsAndSlashes() {
    assertThat(Paths.normalise("/storage//run/./a/../ckpt/")).isEqualTo("/storage/run/ckpt");
    assertThat(Paths.normalise(" / ")).isEqualTo("/");
  }

  @Test
  void refusesRelativeBlankAndClimbingPathsNamingThem() {
    assertThatThrownBy(() -> Paths.normalise("storage")).hasMessageContaining("'storage'");
    assertThatThrownBy(() -> Paths.normalise("")).hasMessageContaining("blank");
    assertThatThrownBy(() -> Paths.normalise("/a/../..")).hasMessageContaining("'/a/../..'");
  }

  @Test
  void underMatchesWholeSegments() {
    assertThat(Paths.isUnder("/storage/x", "/storage")).isTrue();
    assertThat(Paths.isUnder("/storage", "/storage/")).isTrue();
    assertThat(Paths.isUnder("/storagex", "/storage")).isFalse();
    assertThat(Paths.isUnder("/anything", "/")).isTrue();
  }
}
