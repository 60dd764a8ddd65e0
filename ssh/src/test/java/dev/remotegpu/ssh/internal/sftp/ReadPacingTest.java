package dev.remotegpu.ssh.internal.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadPacingTest {
  private static final long MS = 1_000_000L;
  private static final long READ = 261_120;

  @Test
  void aRoundTripOfAnswersInTimeGrowsTheBudgetByAnEighthNotTwofoldSoAnOvershootStaysSmall() {
    // The attack: answers in time for a whole round trip double a slow-start budget, and a budget that doubles
    // past the path piles its excess up in sshd (an 80 ms pull fell to 1-2 MB/s for seconds, sshd in memmove).
    ReadPacing pacing = new ReadPacing(Duration.ofMillis(80), 2 << 20, 64 << 20, 8 << 20);
    long answered = answerOneRoundTrip(pacing, 0);
    assertThat(answered).isGreaterThan((8 << 20) - READ);
    assertThat(pacing.budget()).isEqualTo((8 << 20) + answered / READ * (READ / 8));
    for (int roundTrip = 1; roundTrip < 200; roundTrip++) {
      answerOneRoundTrip(pacing, roundTrip);
    }
    assertThat(pacing.budget()).isEqualTo(64 << 20);
  }

  @Test
  void afterAStallAnswersInTimeDoubleTheBudgetBackToWhereItLastQueuedThenGrowGently() {
    ReadPacing pacing = new ReadPacing(Duration.ofMillis(80), 2 << 20, 64 << 20, 16 << 20);
    pacing.answered(0, 200 * MS, READ); // queued: the path holds less than 16 MiB
    long settled = pacing.budget();
    assertThat(settled).isEqualTo(12 << 20);
    for (long t = 300; t < 3000; t += 90) { // a stall (the client's CPU, a GC): every round trip queues again
      pacing.answered(t * MS - 200 * MS, t * MS, READ);
    }
    assertThat(pacing.budget()).isEqualTo(2 << 20);
    for (int roundTrip = 0; pacing.budget() < settled; roundTrip++) {
      assertThat(roundTrip).as("round trips back to the budget that last queued").isLessThan(3);
      answerOneRoundTrip(pacing, 100 + roundTrip);
    }
    answerOneRoundTrip(pacing, 200);
    assertThat(pacing.budget()).isLessThanOrEqualTo(settled + settled / 4);
  }

  /** Answers, in time, the whole budget's worth of reads asked at the start of round trip {@code roundTrip}. */
  private static long answerOneRoundTrip(ReadPacing pacing, long roundTrip) {
    long budget = pacing.budget();
    long asked = roundTrip * 80 * MS;
    long answered = 0;
    for (; answered + READ <= budget; answered += READ) {
      pacing.answered(asked, asked + 81 * MS, READ);
    }
    return answered;
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
    assertThat(lan.readsPerFile((int) READ, 1, pacing.budget(), 0)).isEqualTo(8);
  }

  @Test
  void aLongLinkStartsBelowItsCapAndTheBudgetIsSharedByTheOpenFiles() {
    LinkTuning wan = LinkTuning.forRoundTrip(Duration.ofMillis(80), 1L << 30);
    ReadPacing pacing = wan.pacing();
    assertThat(pacing.budget()).isEqualTo(8L << 20).isLessThan(wan.inFlightBytes());
    assertThat(LinkTuning.forRoundTrip(Duration.ofMillis(20), 1L << 30).pacing().budget())
        .as("a 20 ms link starts at what 1 Gbit/s carries in one round trip, not 3x that")
        .isEqualTo(125_000_000L / 50);
    assertThat(wan.readsPerFile((int) READ, 1, 8L << 20, 0)).isEqualTo((int) ((8L << 20) / READ));
    assertThat(wan.readsPerFile((int) READ, 4, 8L << 20, 3)).isEqualTo((int) ((2L << 20) / READ));
    assertThat(wan.readsPerFile((int) READ, 1, 1L << 40, 7)).isEqualTo((int) (wan.inFlightBytes() / READ));
    // The attack: files that each keep a floor of their own multiply the budget (9 x 2 MiB = 18 MiB at 80 ms).
    assertThat(dealt(wan, 9, 10_000_000, 0) * READ).isLessThanOrEqualTo(10_000_000);
    LinkTuning lan = LinkTuning.forRoundTrip(Duration.ofNanos(300_000), 1L << 30);
    assertThat(dealt(lan, 2, lan.inFlightBytes(), 0) * READ).isLessThanOrEqualTo(lan.inFlightBytes());
  }

  @Test
  void theOpenFilesTogetherAskForTheBudgetToWithinOneReadNotAMultipleOfTheFiles() {
    LinkTuning wan = LinkTuning.forRoundTrip(Duration.ofMillis(80), 1L << 30);
    int files = wan.filesInFlight();
    // The attack: 16 files that each round their share down keep 32 reads (8.4 MB) in flight on a 10 MB path
    // until the budget reaches 48 reads (12.5 MB), which overshoots it: the link is never just full.
    for (long budget = 32 * READ; budget <= 48 * READ; budget += READ / 3) {
      for (long first = 0; first < 40; first += 13) { // whichever files are open, numbered consecutively
        long reads = dealt(wan, files, budget, first);
        assertThat(reads).as("budget %d, files from #%d", budget, first).isEqualTo(budget / READ);
      }
    }
    // Below the files' fewest reads, each keeps its 2.
    assertThat(dealt(wan, files, 10 * READ, 0)).isEqualTo(2L * files);
  }

  /** The reads that {@code files} open files, numbered from {@code first}, keep in flight together. */
  private static long dealt(LinkTuning tuning, int files, long budget, long first) {
    long reads = 0;
    for (long ordinal = first; ordinal < first + files; ordinal++) {
      reads += tuning.readsPerFile((int) READ, files, budget, ordinal);
    }
    return reads;
  }
}
