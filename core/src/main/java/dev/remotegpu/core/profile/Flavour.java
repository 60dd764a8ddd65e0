package dev.remotegpu.core.profile;

import java.util.Objects;

/**
 * A family of compute a platform offers, with its own storage layout (for example a managed notebook
 * sandbox versus a raw Linux VM). Storage tiers and script overrides are per flavour.
 *
 * @param id a stable lower-case id, for example "managed-notebook"
 * @param name the platform's human name
 */
public record Flavour(String id, String name) {

  public Flavour {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (id.isBlank()) {
      throw new IllegalArgumentException("flavour id must not be blank");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
