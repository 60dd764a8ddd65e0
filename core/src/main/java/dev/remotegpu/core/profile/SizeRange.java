package dev.remotegpu.core.profile;

/**
 * The sizes a storage resource can be created with, in GB (1 TB = 1000 GB as platforms price it), and
 * whether a resize can go back down.
 *
 * @param minGb the smallest size
 * @param maxGb the largest size
 * @param growOnly whether expansion is one-way: once grown, the resource cannot be shrunk again
 */
public record SizeRange(long minGb, long maxGb, boolean growOnly) {

  public SizeRange {
    if (minGb < 0 || maxGb < minGb) {
      throw new IllegalArgumentException("size range must satisfy 0 <= min <= max, got " + minGb + ".." + maxGb);
    }
  }

  /** A range whose resources can be resized both ways. */
  public SizeRange(long minGb, long maxGb) {
    this(minGb, maxGb, false);
  }

  /** Whether {@code gb} lies within the range, both ends included. */
  public boolean contains(long gb) {
    return gb >= minGb && gb <= maxGb;
  }

  /** Whether a resource of {@code fromGb} can be resized to {@code toGb}: within the range, and not down when grow-only. */
  public boolean canResize(long fromGb, long toGb) {
    return contains(toGb) && !(growOnly && toGb < fromGb);
  }
}
