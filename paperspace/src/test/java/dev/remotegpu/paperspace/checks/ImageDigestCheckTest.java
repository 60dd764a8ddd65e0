package dev.remotegpu.paperspace.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.profile.Severity;
import org.junit.jupiter.api.Test;

class ImageDigestCheckTest {

  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
  private final ImageDigestCheck check = new ImageDigestCheck();

  @Test
  void movingTagsAndPlainTagsAreFlagged() {
    assertThat(check.check(ImageReference.of("me/trainer:latest"))).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS12");
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.fix()).contains("@sha256:");
    });
    assertThat(check.check(ImageReference.of("registry.example.com:5000/me/trainer"))).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
    assertThat(check.check(ImageReference.of("me/trainer:1.4"))).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
  }

  @Test
  void inlineCredentialsAreFlaggedEvenWithADigest() {
    assertThat(check.check(new ImageReference("me/trainer@" + DIGEST, true))).singleElement()
        .satisfies(f -> assertThat(f.fix()).contains("secret"));
  }

  @Test
  void aDigestPinnedImageHasNoFinding() {
    assertThat(check.check(ImageReference.of("me/trainer@" + DIGEST))).isEmpty();
    assertThat(check.check(ImageReference.of("me/trainer:1.4@" + DIGEST))).isEmpty();
  }

  @Test
  void malformedReferencesAreRefusedNamingThem() {
    assertThatThrownBy(() -> check.check(ImageReference.of(" "))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image reference");
    assertThatThrownBy(() -> check.check(ImageReference.of("me/trainer@sha256:abc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("me/trainer@sha256:abc");
  }
}
