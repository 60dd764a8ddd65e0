package dev.remotegpu.paperspace.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Paperspace regions: the API's short codes, and the spellings it also accepts (upper case, long names). */
public final class Regions {
  /** The short codes the API's schema lists. */
  public static final Set<String> CODES = Set.of("ny2", "ca1", "ams1");

  private static final Map<String, String> LONG_NAMES = Map.of(
      "east coast (ny2)", "ny2",
      "west coast (ca1)", "ca1",
      "europe (ams1)", "ams1");

  private Regions() {
  }

  /** The short code for {@code region} ("NY2", "East Coast (NY2)" -> "ny2"), or empty when unknown. */
  public static Optional<String> code(String region) {
    if (region == null) {
      return Optional.empty();
    }
    String r = region.strip().toLowerCase(Locale.ROOT);
    if (CODES.contains(r)) {
      return Optional.of(r);
    }
    return Optional.ofNullable(LONG_NAMES.get(r));
  }
}
