package dev.remotegpu.ssh.internal.sftp;

import java.time.Duration;

/**
 * How deep one SFTP transfer runs on a link of a measured round-trip time: the SSH channel window, the
 * bytes of reads in flight across all files, and how many files a sync keeps in flight.
 *
 * <p>A channel moves at most {@code window / RTT}, so the window must cover the bandwidth-delay product of the
 * fastest link we expect ({@link #PEAK_BYTES_PER_SECOND}). On loopback the measured optimum is the default
 * 2 MiB window with 255 KiB reads, 8 in flight ({@code perf-notes.md}: 16 MiB windows are 36% slower there),
 * so nothing grows below {@link #LOOPBACK_LIKE}. Files in flight hide each file's open and close round trips.
 * Reads in flight are capped by a quarter of the heap ({@link #inFlightBytes}) and shared by the open files,
 * so a small heap never buffers more: a 1 GiB pull completes with {@code -Xmx64m}.
 *
 * @param roundTrip the measured round trip of the SSH session
 * @param window the SSH channel window to advertise, in bytes
 * @param inFlightBytes the read bytes outstanding at once, shared by the open files of the channel
 * @param filesInFlight how many files a sync should transfer at once
 */
record LinkTuning(Duration roundTrip, long window, long inFlightBytes, int filesInFlight) {
  /** The rate the window is sized for: 2 Gbit/s, twice the 1 Gbit/s line a workstation usually has. */
  static final long PEAK_BYTES_PER_SECOND = 250_000_000L;
  /** MINA's and OpenSSH's default channel window, the loopback optimum. */
  static final long DEFAULT_WINDOW = 2L << 20;
  /** The largest window: 64 MiB covers 2 Gbit/s up to about 250 ms. */
  static final long MAX_WINDOW = 64L << 20;
  /** Round trips below this are a LAN or loopback: the defaults are best there. */
  static final Duration LOOPBACK_LIKE = Duration.ofMillis(2);
  /**
   * One more file in flight per this much round trip. Each file waits about 3 round trips of its own (open, first
   * answer, last answer) that the other files must fill; measured on 200 x 5 MiB trees at 1 Gbit/s: at 20 ms, 3
   * files took 10.6 s, 6 took 9.4 s and 11 took 9.4 s (line rate 8.4 s); at 80 ms, 9 files took 12.0 s and 16
   * took 10.9 s.
   */
  static final Duration ROUND_TRIP_PER_FILE = Duration.ofMillis(4);
  /** The fewest reads a file in flight keeps outstanding ({@link #readsPerFile}). */
  static final int MIN_READS_PER_FILE = 2;
  /** The engine's limit on files in flight. */
  static final int MAX_FILES_IN_FLIGHT = 16;

  /** The tuning for a link of {@code roundTrip}, within a heap of {@code maxHeapBytes}. */
  static LinkTuning forRoundTrip(Duration roundTrip, long maxHeapBytes) {
    long heapShare = Math.max(DEFAULT_WINDOW, maxHeapBytes / 4);
    if (roundTrip.compareTo(LOOPBACK_LIKE) < 0) {
      return new LinkTuning(roundTrip, DEFAULT_WINDOW, DEFAULT_WINDOW, 1);
    }
    long bdp = PEAK_BYTES_PER_SECOND * roundTrip.toNanos() / 1_000_000_000L;
    long window = Math.min(Math.min(MAX_WINDOW, heapShare), Math.max(DEFAULT_WINDOW, bdp));
    long byRoundTrip = 1 + (roundTrip.toNanos() + ROUND_TRIP_PER_FILE.toNanos() - 1) / ROUND_TRIP_PER_FILE.toNanos();
    // Never so many files that their fewest reads alone would exceed what may be in flight (a small heap).
    long byWindow = Math.max(1, window / (MIN_READS_PER_FILE * (long) SftpCheckpointStore.IO_SIZE));
    int files = (int) Math.min(MAX_FILES_IN_FLIGHT, Math.min(byRoundTrip, byWindow));
    return new LinkTuning(roundTrip, window, window, files);
  }

  /**
   * The window a channel is opened with before its link is measured (the measurement travels with the open): the
   * largest the heap allows, so it never caps what {@link #forRoundTrip} later keeps in flight. A window only
   * bounds what the server may send unasked; SFTP answers only the reads in flight, which the tuning bounds.
   */
  static long openingWindow(long maxHeapBytes) {
    return Math.min(MAX_WINDOW, Math.max(DEFAULT_WINDOW, maxHeapBytes / 4));
  }

  /**
   * How many SFTP channels uploads may spread over when the server grants {@code serverWindow} bytes per
   * channel: enough to cover the bandwidth-delay product, at most one per file in flight, 1 on a LAN.
   */
  int writeChannels(long serverWindow) {
    if (filesInFlight <= 1 || serverWindow <= 0) {
      return 1;
    }
    long bdp = PEAK_BYTES_PER_SECOND * roundTrip.toNanos() / 1_000_000_000L;
    return (int) Math.max(1, Math.min(filesInFlight, (bdp + serverWindow - 1) / serverWindow));
  }

  /**
   * The pacing of reads on a channel of this link: on a long link the budget starts at what a 1 Gbit/s line
   * carries in one round trip (between the default window and 4 of them) and follows the answers' times between
   * the default window and {@link #inFlightBytes}; on a LAN it stays at {@link #inFlightBytes} (the loopback
   * optimum), since no answer there waits a round trip.
   */
  ReadPacing pacing() {
    if (roundTrip.compareTo(LOOPBACK_LIKE) < 0) {
      return new ReadPacing(roundTrip, inFlightBytes, inFlightBytes, inFlightBytes);
    }
    long oneGigabitRoundTrip = PEAK_BYTES_PER_SECOND / 2 * roundTrip.toNanos() / 1_000_000_000L;
    return new ReadPacing(roundTrip, DEFAULT_WINDOW, inFlightBytes,
        Math.max(DEFAULT_WINDOW, Math.min(4 * DEFAULT_WINDOW, oneGigabitRoundTrip)));
  }

  /**
   * How many reads of {@code ioSize} the open file numbered {@code ordinal} keeps outstanding when {@code openFiles}
   * files are open: its share of {@code budget} (the channel's {@link ReadPacing}), never more than one window,
   * never fewer than {@link #MIN_READS_PER_FILE}. The files share the budget rather than each take megabytes of
   * their own: 9 files in flight at 80 ms that each kept 2 MiB asked for 18 MiB on a path that holds 10 MB, and the
   * excess waited in sshd (a 200-file pull took 16 s instead of 11). The reads the budget holds are dealt out
   * whole, the remainder one each to some of the files by their number, so together they ask for the budget to
   * within one read rather than a multiple of the files: 16 files each rounding down kept 32 reads (8.4 MB) in
   * flight until the budget reached 48 (12.5 MB), below and then above a 10 MB path. {@link #forRoundTrip} keeps
   * the files few enough that their fewest reads fit in the window.
   */
  int readsPerFile(int ioSize, int openFiles, long budget, long ordinal) {
    int files = Math.max(1, openFiles);
    long reads = Math.min(inFlightBytes, budget) / ioSize;
    long share = reads / files + (Math.floorMod(ordinal, files) < reads % files ? 1 : 0);
    return (int) Math.max(MIN_READS_PER_FILE, Math.min(window / ioSize, share));
  }
}
