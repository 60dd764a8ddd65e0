package dev.remotegpu.core.checkpoint.internal;

import java.nio.charset.StandardCharsets;

/**
 * The names a sync receives a bundle file under before it renames it into place: {@code .rgpu-<digest>.tmp} beside
 * it, and its ranged transfer's resume record {@code .rgpu-<digest>.ranges.tmp}, where the digest is the first 32 hex
 * digits of the SHA-256 of the file's bundle path. They can be no bundle file's own name (a user's {@code x.tmp} next
 * to {@code x} is received like any other file, not taken for {@code x}'s partial) and stay short (a bundle file
 * whose name is near the file system's 255-byte limit gets a temporary name that fits).
 */
public final class StagingNames {
  private static final String PREFIX = ".rgpu-";

  private StagingNames() {}

  /** The staged partial of bundle path {@code path}, relative to the staging directory. */
  public static String partialOf(String path) {
    return siblingOf(path, PREFIX + key(path) + ".tmp");
  }

  /** The resume record of bundle path {@code path}'s ranged transfer, relative to the staging directory. */
  public static String recordOf(String path) {
    return siblingOf(path, PREFIX + key(path) + RangeRecord.SUFFIX);
  }

  private static String key(String path) {
    return Sha256.of(path.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  private static String siblingOf(String path, String name) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? name : path.substring(0, slash + 1) + name;
  }
}
