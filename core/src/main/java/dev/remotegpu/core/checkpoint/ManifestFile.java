package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.checkpoint.internal.PathRules;
import java.util.Objects;

/**
 * One file of a checkpoint bundle as {@code PULL_MANIFEST.json} lists it.
 *
 * @param path relative to the bundle root, '/'-separated, no '..' segment, no leading '/', no backslash
 * @param bytes the exact size, zero or more
 * @param sha256 the SHA-256 of the content, 64 lower-case hex digits
 */
public record ManifestFile(String path, long bytes, String sha256) {
  /** Checks every field; a bad one is refused with a {@link dev.remotegpu.core.ValidationException} naming the path. */
  public ManifestFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sha256, "sha256");
    PathRules.checkRelativePath(path);
    if (bytes < 0) {
      throw PathRules.invalid(path, "bytes must be zero or more, was " + bytes);
    }
    if (!PathRules.isSha256Hex(sha256)) {
      throw PathRules.invalid(path, "sha256 must be 64 lower-case hex digits, was \"" + sha256 + "\"");
    }
  }
}
