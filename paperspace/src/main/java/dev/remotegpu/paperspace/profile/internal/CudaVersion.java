package dev.remotegpu.paperspace.profile.internal;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CUDA version such as 12.4, comparable by major then minor.
 *
 * @param major the major version
 * @param minor the minor version
 */
public record CudaVersion(int major, int minor) implements Comparable<CudaVersion> {

  private static final Pattern DOTTED = Pattern.compile("(\\d+)\\.(\\d+)");

  /** Parses "12.4"; names the input when it is not a version. */
  public static CudaVersion parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher matcher = DOTTED.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a CUDA version: '" + text + "'");
    }
    return new CudaVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
  }

  /**
   * The CUDA version encoded as the driver reports it in "found version 11040" (major*1000 + minor*10).
   */
  public static CudaVersion fromDriverCode(int code) {
    return new CudaVersion(code / 1000, (code % 1000) / 10);
  }

  @Override
  public int compareTo(CudaVersion other) {
    return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
