package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.ValidationException;
import java.util.regex.Pattern;

/** The skill's rules for bundle paths, directory names and digests. */
public final class PathRules {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private PathRules() {}

  /** A refusal of one input, naming it. */
  public static ValidationException invalid(String what, String message) {
    return ValidationException.ofField(what, message);
  }

  /** Whether the text is 64 lower-case hex digits. */
  public static boolean isSha256Hex(String text) {
    return SHA256.matcher(text).matches();
  }

  /** Refuses a name outside {@code [A-Za-z0-9._-]+} (and "." or ".."). */
  public static void checkName(String name) {
    if (!SAFE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw invalid(name, "unsafe name \"" + name + "\"; use letters, digits, dot, underscore or hyphen");
    }
  }

  /** Refuses a path that is empty, absolute, has a backslash, a '..', '.' or empty segment. */
  public static void checkRelativePath(String path) {
    if (path.isEmpty()) {
      throw invalid("path", "a bundle path must not be empty");
    }
    if (path.startsWith("/")) {
      throw invalid(path, "unsafe path \"" + path + "\": it must be relative (no leading '/')");
    }
    if (path.indexOf('\\') >= 0) {
      throw invalid(path, "unsafe path \"" + path + "\": use '/' separators, not '\\'");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        throw invalid(path, "unsafe path \"" + path + "\": '..' is not allowed");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        throw invalid(path, "unsafe path \"" + path + "\": empty or '.' segment");
      }
      if (segment.indexOf('\0') >= 0) {
        throw invalid(path, "unsafe path: NUL character");
      }
    }
  }
}
