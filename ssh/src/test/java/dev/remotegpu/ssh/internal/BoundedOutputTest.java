package dev.remotegpu.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedOutputTest {
  @Test
  void aMultiByteCharacterAcrossTheHeadBoundaryIsKeptWholeWhenNothingIsDropped() {
    String text = "a".repeat(BoundedOutput.HEAD_BYTES - 1) + "€ end";
    BoundedOutput out = new BoundedOutput();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
    assertThat(out.dropped()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void cutsInsideMultiByteCharactersLeaveNoReplacementCharacters() {
    BoundedOutput out = new BoundedOutput();
    byte[] euros = "€".repeat(2_000_000).getBytes(StandardCharsets.UTF_8);
    out.write(euros, 0, euros.length);
    String kept = out.toString(StandardCharsets.UTF_8);
    assertThat(out.dropped()).isPositive();
    assertThat(kept).doesNotContain("\uFFFD").contains("bytes of output dropped");
  }
}
