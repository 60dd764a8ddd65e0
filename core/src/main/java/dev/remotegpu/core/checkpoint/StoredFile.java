package dev.remotegpu.core.checkpoint;

import java.time.Instant;
import java.util.Objects;

/**
 * A regular file in a {@link CheckpointStore}, as a directory listing reports it.
 *
 * @param path '/'-separated, relative to the listed directory
 * @param bytes its size
 * @param modified its modification time (whole seconds on SFTP)
 */
public record StoredFile(String path, long bytes, Instant modified) {
  /** Checks the fields. */
  public StoredFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(modified, "modified");
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be zero or more: " + bytes);
    }
  }
}
