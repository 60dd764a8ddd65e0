package dev.remotegpu.ssh.internal.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How many upload channels, and so streams per big file, a link of a given round trip gets. */
class LinkTuningTest {
  private static final long HEAP = 1L << 30;

  @Test
  void loopbackAndLanKeepOneChannelSoABigFileMovesAsOneStream() {
    for (Duration rtt : new Duration[] {Duration.ofNanos(80_000), Duration.ofNanos(1_500_000)}) {
      assertThat(LinkTuning.forRoundTrip(rtt, HEAP).writeChannels(LinkTuning.DEFAULT_WINDOW)).as("%s", rtt)
          .isEqualTo(1);
    }
  }

  @Test
  void aLongLinkGetsEnoughChannelsToCoverItsBandwidthDelayProduct() {
    // 80 ms at 250 MB/s is 20 MB in flight; 2 MiB per channel needs 10, capped by the 9 files in flight.
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(80), HEAP).writeChannels(LinkTuning.DEFAULT_WINDOW))
        .isEqualTo(9);
    // A server that grants a window covering the product needs no more than one.
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(80), HEAP).writeChannels(64L << 20)).isEqualTo(1);
  }
}
