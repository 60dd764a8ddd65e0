package dev.remotegpu.core.teardown;

import java.util.Objects;

/**
 * One entry under a run's durable roots on the machine, as an inventory found it: the path, its size and its
 * SHA-256. An entry that could not be read, or is not a regular file, has an empty digest and says why in
 * {@code problem}; the Iron Law never counts such an entry as covered.
 *
 * @param path where it is, relative to the run's durable root (or absolute for a root declared elsewhere)
 * @param bytes its size
 * @param sha256 its SHA-256 as 64 lower-case hex digits, or empty when it could not be hashed
 * @param problem why it could not be hashed (unreadable, a symlink, a device), or empty
 */
public record DurableFile(String path, long bytes, String sha256, String problem) {
  /** Checks the fields. */
  public DurableFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(problem, "problem");
  }

  /** A regular file that was read and hashed. */
  public static DurableFile hashed(String path, long bytes, String sha256) {
    return new DurableFile(path, bytes, sha256, "");
  }

  /** An entry that could not be hashed, and why. */
  public static DurableFile unreadable(String path, String problem) {
    return new DurableFile(path, 0, "", problem);
  }
}
