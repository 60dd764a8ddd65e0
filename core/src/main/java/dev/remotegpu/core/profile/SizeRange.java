package dev.remotegpu.core.profile;

/**
 * The sizes a storage resource can be created with, in GB (1 TB = 1000 GB as platforms price it).
 *
 * @param minGb the smallest size
 * @param maxGb the largest size
 */
public record SizeRange(long minGb, long maxGb) {

  public SizeRange {
    if (minGb < 0 || maxGb < minGb) {
      throw new IllegalArgumentException("size range must satisfy 0 <= min <= max, got " + minGb + ".." + maxGb);
    }
  }

  /** Whether {@code gb} lies within the range, both ends included. */
  public boolean contains(long gb) {
    return gb >= minGb && gb <= maxGb;
  }
}
