package dev.remotegpu.core.checkpoint.internal;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Collection;
import java.util.Optional;

/**
 * The resume record of a ranged transfer ({@link StagingNames#recordOf}), beside its partial: a header naming the
 * file's size, piece size and manifest digest, then one line per piece whose writes were all acknowledged. It is
 * only appended to, so a cut leaves at most a torn last line, which is ignored; anything else that does not match
 * (another size, piece size or digest, a line that is no piece of this plan) makes the whole record untrusted.
 * A kept piece is a hint, never proof: the whole file is still hashed before it is renamed into place.
 */
final class RangeRecord {
  /** What a record's name adds to the file's name, before {@code .tmp}. */
  static final String NAME = ".ranges";
  /** What a record's name adds to the file's name. */
  static final String SUFFIX = NAME + ".tmp";
  private static final String SCHEMA = "remotegpu-ranges/v1";
  /** A record is a few bytes per piece: anything longer is not ours. */
  static final int MAX_BYTES = 1 << 20;

  private RangeRecord() {}

  /** The first line, written when a file's ranged transfer starts from nothing. */
  static byte[] header(RangePlan plan, String sha256) {
    return (SCHEMA + " " + plan.fileBytes() + " " + plan.pieceBytes() + " " + sha256 + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The lines recording {@code pieces} as acknowledged. */
  static byte[] lines(Collection<Integer> pieces) {
    StringBuilder out = new StringBuilder();
    pieces.forEach(i -> out.append(i).append('\n'));
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The pieces a record written for {@code plan} and {@code sha256} holds, or empty when it is not such a record. */
  static Optional<BitSet> parse(byte[] bytes, RangePlan plan, String sha256) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return Optional.empty();
    }
    String[] lines = text.substring(0, end).split("\n", -1); // a torn last line (no newline yet) is left out
    if (!(lines[0] + "\n").equals(new String(header(plan, sha256), StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    BitSet done = new BitSet(plan.pieces());
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() || line.length() > 9 || !line.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int piece = Integer.parseInt(line);
      if (piece >= plan.pieces()) {
        return Optional.empty();
      }
      done.set(piece);
    }
    return Optional.of(done);
  }
}
