package dev.remotegpu.core.profile.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/** Normalises POSIX paths of a remote machine (never the local file system) for tier matching. */
public final class Paths {

  private Paths() {
  }

  /**
   * Returns {@code path} absolute and normalised ("." and ".." resolved, duplicate and trailing slashes
   * removed), or throws an {@link IllegalArgumentException} naming the input when it is blank, relative
   * or climbs above "/".
   */
  public static String normalise(String path) {
    Objects.requireNonNull(path, "path");
    String trimmed = path.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("path must not be blank");
    }
    if (!trimmed.startsWith("/")) {
      throw new IllegalArgumentException("path must be absolute (start with '/'): '" + path + "'");
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : trimmed.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw new IllegalArgumentException("path climbs above '/': '" + path + "'");
        }
        segments.removeLast();
      } else {
        segments.addLast(segment);
      }
    }
    return "/" + String.join("/", segments);
  }

  /** Whether normalised {@code path} is {@code prefix} or lies beneath it (segment-wise, not textually). */
  public static boolean isUnder(String path, String prefix) {
    String normalisedPrefix = normalise(prefix);
    if (normalisedPrefix.equals("/")) {
      return true;
    }
    return path.equals(normalisedPrefix) || path.startsWith(normalisedPrefix + "/");
  }
}
