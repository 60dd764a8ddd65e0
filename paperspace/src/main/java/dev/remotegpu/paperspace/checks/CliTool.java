package dev.remotegpu.paperspace.checks;

import java.util.Objects;

/**
 * A CLI or Python package that automation installs or calls, for the PS4 check.
 *
 * @param name the package or binary name, for example "pspace", "gradient", "gradient-python"
 * @param version the installed version or pin ({@code 2.0.6}, {@code v1.3.0}, {@code ==2.0.6}, {@code <3.0}); empty when unpinned
 */
public record CliTool(String name, String version) {

  public CliTool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }

  /** A tool with no version pinned. */
  public static CliTool unpinned(String name) {
    return new CliTool(name, "");
  }
}
