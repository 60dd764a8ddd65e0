package dev.remotegpu.ssh.internal.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadPacingTest {
  private static final long MS = 1_000_000L;
  private static final long READ = 261_120;

  @Test
  void answersWithinARoundTripGrowTheBudgetByWhatTheyBroughtUpToTheCap() {
    ReadPacing pacing = new ReadPacing(Duration.ofMillis(80), 2 << 20, 20 << 20, 8 << 20);
    long before = pacing.budget();
    pacing.answered(0, 82 * MS, READ);
    assertThat(pacing.budget()).isEqualTo(before + READ);
    for (int i = 0; i < 1000; i++) {
      pacing.answered(0, 80 * MS, READ);
    }
    assertThat(pacing.budget()).isEqualTo(20 << 20);
  }

  @Test
  void answersThatQueuedShrinkTheBudgetOncePerRoundTripNeverBelowTheFloor() {
    ReadPacing pacing = new ReadPacing(Duration.ofMillis(80), 2 << 20, 20 << 20, 16 << 20);
    pacing.answered(0, 200 * MS, READ);
    assertThat(pacing.budget()).isEqualTo((long) ((16 << 20) * 0.75));
    pacing.answered(100 * MS, 250 * MS, READ); // the same round trip: answers asked before the cut still queue
    assertThat(pacing.budget()).isEqualTo((long) ((16 << 20) * 0.75));
    for (long t = 300; t < 3000; t += 90) {
      pacing.answered(t * MS - 200 * MS, t * MS, READ);
    }
    assertThat(pacing.budget()).isEqualTo(2 << 20);
  }

  @Test
  void answersBetweenTheTwoMarksLeaveTheBudgetAlone() {
    ReadPacing pacing = new ReadPacing(Duration.ofMillis(80), 2 << 20, 20 << 20, 10 << 20);
    pacing.answered(0, 100 * MS, READ); // above 1.15 x 80 + 3 ms, below 1.3 x 80 + 6 ms
    assertThat(pacing.budget()).isEqualTo(10 << 20);
  }

  @Test
  void aLoopbackLinkKeepsItsMeasuredOptimumWhateverTheAnswersSay() {
    LinkTuning lan = LinkTuning.forRoundTrip(Duration.ofNanos(300_000), 1L << 30);
    ReadPacing pacing = lan.pacing();
    pacing.answered(0, 50 * MS, READ);
    pacing.answered(0, 0, READ);
    assertThat(pacing.budget()).isEqualTo(lan.inFlightBytes());
    assertThat(lan.readsPerFile((int) READ, 1, pacing.budget())).isEqualTo(8);
  }

  @Test
  void aLongLinkStartsBelowItsCapAndTheBudgetIsSharedByTheOpenFiles() {
    LinkTuning wan = LinkTuning.forRoundTrip(Duration.ofMillis(80), 1L << 30);
    ReadPacing pacing = wan.pacing();
    assertThat(pacing.budget()).isEqualTo(8L << 20).isLessThan(wan.inFlightBytes());
    assertThat(wan.readsPerFile((int) READ, 1, 8L << 20)).isEqualTo((int) ((8L << 20) / READ));
    assertThat(wan.readsPerFile((int) READ, 4, 8L << 20)).isEqualTo((int) ((2L << 20) / READ));
    assertThat(wan.readsPerFile((int) READ, 1, 1L << 40)).isEqualTo((int) (wan.inFlightBytes() / READ));
  }
}
