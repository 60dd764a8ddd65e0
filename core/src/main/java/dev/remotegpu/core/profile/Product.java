package dev.remotegpu.core.profile;

import java.util.Objects;

/**
 * A product a user rents, of one {@link Flavour}; auto-shutdown policies and free-tier limits are per
 * product (a free and a paid notebook share a flavour but not a clock).
 *
 * @param id a stable lower-case id, for example "free-notebook"
 * @param name the platform's human name
 * @param flavour the storage layout and tooling family it belongs to
 * @param freeTier whether this is the platform's free offering
 */
public record Product(String id, String name, Flavour flavour, boolean freeTier) {

  public Product {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(flavour, "flavour");
    if (id.isBlank()) {
      throw new IllegalArgumentException("product id must not be blank");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
