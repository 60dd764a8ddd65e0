package dev.remotegpu.core.profile;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which operating system template a machine type needs, or should have: for example "Ubuntu 22.04 is
 * required for H100".
 *
 * @param machineTypePrefixes the machine types it is about, by prefix, case-insensitive ("H100" covers
 *     "H100x8"); empty for every machine type no other requirement names
 * @param operatingSystem the template's operating system, for example "Ubuntu 22.04"
 * @param level whether the platform requires it or recommends it
 * @param source where the platform says so
 */
public record TemplateRequirement(
    List<String> machineTypePrefixes, String operatingSystem, Level level, String source) {

  /** How strongly the platform asks for the template. */
  public enum Level {
    /** Other templates do not work on the machine type. */
    REQUIRED,
    /** Other templates may work; this one is what the platform advises. */
    RECOMMENDED
  }

  public TemplateRequirement {
    machineTypePrefixes = List.copyOf(Objects.requireNonNull(machineTypePrefixes, "machineTypePrefixes"));
    Objects.requireNonNull(operatingSystem, "operatingSystem");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(source, "source");
    if (operatingSystem.isBlank()) {
      throw new IllegalArgumentException("operatingSystem must not be blank");
    }
  }

  /** Whether this requirement names {@code machineType} (a catch-all names none). */
  public boolean names(String machineType) {
    String type = Objects.requireNonNull(machineType, "machineType").trim().toUpperCase(Locale.ROOT);
    return machineTypePrefixes.stream().anyMatch(p -> type.startsWith(p.toUpperCase(Locale.ROOT)));
  }

  /** Whether this is the requirement for every machine type no other requirement names. */
  public boolean catchAll() {
    return machineTypePrefixes.isEmpty();
  }

  @Override
  public String toString() {
    return operatingSystem + " " + level.name().toLowerCase(Locale.ROOT) + " for "
        + (catchAll() ? "any other machine type" : String.join("/", machineTypePrefixes));
  }
}
