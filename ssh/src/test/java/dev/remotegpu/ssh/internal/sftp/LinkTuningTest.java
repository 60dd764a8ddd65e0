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
    // 80 ms at 250 MB/s is 20 MB in flight: 2 MiB per channel needs 10 (16 files are in flight there).
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(80), HEAP).writeChannels(LinkTuning.DEFAULT_WINDOW))
        .isEqualTo(10);
    // At 20 ms, 5 MB: 3 channels.
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(20), HEAP).writeChannels(LinkTuning.DEFAULT_WINDOW))
        .isEqualTo(3);
    // A server that grants a window covering the product needs no more than one.
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(80), HEAP).writeChannels(64L << 20)).isEqualTo(1);
  }

  @Test
  void filesInFlightGrowWithTheRoundTripSoEachFilesOwnRoundTripsAreFilledByTheOthers() {
    assertThat(LinkTuning.forRoundTrip(Duration.ofNanos(500_000), HEAP).filesInFlight()).isEqualTo(1);
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(20), HEAP).filesInFlight()).isEqualTo(6);
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(40), HEAP).filesInFlight()).isEqualTo(11);
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(80), HEAP).filesInFlight())
        .isEqualTo(LinkTuning.MAX_FILES_IN_FLIGHT);
  }

  @Test
  void aSmallHeapKeepsFilesFewEnoughThatTheirFewestReadsFitTheWindow() {
    for (long heap : new long[] {16L << 20, 32L << 20, 64L << 20}) {
      LinkTuning tuning = LinkTuning.forRoundTrip(Duration.ofMillis(80), heap);
      long fewestReads = (long) tuning.filesInFlight() * LinkTuning.MIN_READS_PER_FILE * SftpCheckpointStore.IO_SIZE;
      assertThat(fewestReads).as("heap %d MiB, %s", heap >> 20, tuning).isLessThanOrEqualTo(tuning.inFlightBytes());
      // and what every file asks when all are open stays within the window
      long asked = 0;
      for (int ordinal = 0; ordinal < tuning.filesInFlight(); ordinal++) {
        asked += (long) SftpCheckpointStore.IO_SIZE
            * tuning.readsPerFile(SftpCheckpointStore.IO_SIZE, tuning.filesInFlight(), tuning.inFlightBytes(), ordinal);
      }
      assertThat(asked).as("heap %d MiB", heap >> 20).isLessThanOrEqualTo(tuning.inFlightBytes());
    }
    // 16 MiB of heap: a 4 MiB window, room for 8 files of 2 reads.
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(80), 16L << 20).filesInFlight()).isEqualTo(8);
  }
}
