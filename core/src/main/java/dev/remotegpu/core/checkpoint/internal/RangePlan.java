package dev.remotegpu.core.checkpoint.internal;

import java.util.Optional;

/**
 * How one big file is cut into pieces that several streams move at once, each read from the source's range and
 * written at its offset in the target's partial (see {@link StagingNames}).
 *
 * <p>Why these sizes. A file is ranged from {@link #THRESHOLD} (64 MiB) up: below it one stream capped at 2 MiB per
 * round trip (about 26 MB/s at 80 ms) takes under 3 s, the sync's files in flight already spread smaller files over
 * the channels, and a ranged file pays one open per piece, a resume record and a second, read-back hashing pass.
 * A piece is a sixteenth of the file, kept within 16..64 MiB: each piece costs its stream about two round trips
 * (the open, and the last acknowledgements before the piece counts as written), about 4 MB of a capped channel at
 * 80 ms, so 6-25 % of a piece at the bounds; a cut loses at most one unacknowledged piece per stream; and sixteen
 * pieces give up to sixteen streams work. The size depends on the file only, so a resumed sync cuts the same pieces
 * whatever stream count the link asks for this time.
 *
 * @param fileBytes the file's size
 * @param pieceBytes the size of every piece but the last
 * @param streams how many pieces move at once (at most the number of pieces)
 */
record RangePlan(long fileBytes, long pieceBytes, int streams) {
  /** The smallest file ranged by default. */
  static final long THRESHOLD = 64L << 20;
  /** The smallest piece chosen by default. */
  static final long MIN_PIECE = 16L << 20;
  /** The largest piece chosen by default. */
  static final long MAX_PIECE = 64L << 20;
  /** The most streams one file is split into. */
  static final int MAX_STREAMS = 16;

  /**
   * The plan for a file of {@code fileBytes} over {@code streams} streams, or none (one stream): {@code pieceBytes}
   * 0 picks the piece size and the {@link #THRESHOLD}; a set piece size ranges every file of at least two pieces.
   */
  static Optional<RangePlan> of(long fileBytes, int streams, long pieceBytes) {
    long piece = pieceBytes > 0 ? pieceBytes : Math.max(MIN_PIECE, Math.min(MAX_PIECE, fileBytes / 16));
    long threshold = pieceBytes > 0 ? 2 * pieceBytes : THRESHOLD;
    if (streams <= 1 || fileBytes < threshold) {
      return Optional.empty();
    }
    long pieces = (fileBytes + piece - 1) / piece;
    return Optional.of(new RangePlan(fileBytes, piece, (int) Math.min(Math.min(streams, MAX_STREAMS), pieces)));
  }

  /** This plan's pieces moved by {@code n} streams (at least 1, at most this plan's). */
  RangePlan withStreams(int n) {
    return new RangePlan(fileBytes, pieceBytes, Math.max(1, Math.min(streams, n)));
  }

  /** How many pieces the file is cut into. */
  int pieces() {
    return (int) ((fileBytes + pieceBytes - 1) / pieceBytes);
  }

  /** Where piece {@code i} starts. */
  long offset(int i) {
    return i * pieceBytes;
  }

  /** How long piece {@code i} is (the last may be shorter). */
  long length(int i) {
    return Math.min(pieceBytes, fileBytes - offset(i));
  }
}
