package dev.remotegpu.core.profile;

import dev.remotegpu.core.profile.internal.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which storage tier survives which lifecycle event: every tier has exactly one cell per
 * {@link LifecycleEvent}. Answers "does path P survive event E on flavour F".
 *
 * <pre>{@code
 * profile.survival().survives(box, "/home/ubuntu/run-1/ckpt.pt", LifecycleEvent.STOP);  // true on a box
 * profile.survival().tierSurvives("disk", LifecycleEvent.DESTROY);                    // false: it deletes it
 * }</pre>
 *
 * @param tiers the storage tiers, in the platform's table order
 * @param cells one cell per tier and event
 */
public record SurvivalMatrix(List<StorageTier> tiers, List<SurvivalCell> cells) {

  public SurvivalMatrix {
    tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    cells = List.copyOf(Objects.requireNonNull(cells, "cells"));
    for (StorageTier tier : tiers) {
      for (LifecycleEvent event : LifecycleEvent.values()) {
        long count = cells.stream().filter(c -> c.tierId().equals(tier.id()) && c.event() == event).count();
        if (count != 1) {
          throw new IllegalArgumentException(
              "survival matrix needs exactly one cell for tier " + tier.id() + " x " + event + ", found " + count);
        }
      }
    }
    for (SurvivalCell cell : cells) {
      if (tiers.stream().noneMatch(t -> t.id().equals(cell.tierId()))) {
        throw new IllegalArgumentException("survival cell names unknown tier " + cell.tierId());
      }
    }
  }

  /**
   * The tier with this id or name, case-insensitive ("core-snapshot" or "Core snapshot"), or an
   * {@link IllegalArgumentException} listing the known ids and names.
   */
  public StorageTier tier(String tierIdOrName) {
    Objects.requireNonNull(tierIdOrName, "tierIdOrName");
    String key = tierIdOrName.trim();
    return tiers.stream().filter(t -> t.id().equalsIgnoreCase(key)).findFirst()
        .or(() -> tiers.stream().filter(t -> t.name().equalsIgnoreCase(key)).findFirst())
        .orElseThrow(() -> new IllegalArgumentException("unknown storage tier '" + tierIdOrName + "'; known: "
            + tiers.stream().map(t -> t.id() + " (" + t.name() + ")").collect(Collectors.joining(", "))));
  }

  /**
   * The tiers that take a path most specifically, across flavours (a notebook's shared directory, say, over
   * the root disk); more than one when flavours tie on it. Empty when no tier takes the path.
   */
  public List<StorageTier> tiersForPath(String path) {
    String normalised = Paths.normalise(path);
    List<StorageTier> best = bestMatches(tiers, normalised);
    if (best.isEmpty()) {
      return List.of();
    }
    int top = specificity(best.get(0), normalised);
    return best.stream().filter(t -> specificity(t, normalised) == top).toList();
  }

  /** The cell of one tier and event. */
  public SurvivalCell cell(String tierId, LifecycleEvent event) {
    Objects.requireNonNull(event, "event");
    StorageTier tier = tier(tierId);
    return cells.stream().filter(c -> c.tierId().equals(tier.id()) && c.event() == event).findFirst()
        .orElseThrow();
  }

  /** Whether the tier with this id survives {@code event}. */
  public boolean tierSurvives(String tierId, LifecycleEvent event) {
    return cell(tierId, event).survives();
  }

  /** The tiers of one flavour, in table order. */
  public List<StorageTier> tiers(Flavour flavour) {
    Objects.requireNonNull(flavour, "flavour");
    return tiers.stream().filter(t -> t.flavour().equals(flavour)).toList();
  }

  /**
   * The tier a path lands in on a flavour: the longest matching prefix wins, then a catch-all tier;
   * empty when no tier of the flavour takes the path. Throws {@link IllegalArgumentException} naming
   * the path when it is blank or relative.
   */
  public Optional<StorageTier> tierForPath(Flavour flavour, String path) {
    Objects.requireNonNull(flavour, "flavour");
    String normalised = Paths.normalise(path);
    return bestMatches(tiers(flavour), normalised).stream().findFirst();
  }

  /**
   * Whether data written at {@code path} on {@code flavour} survives {@code event}.
   *
   * @throws IllegalArgumentException when the path is blank or relative, or no tier takes it
   */
  public boolean survives(Flavour flavour, String path, LifecycleEvent event) {
    Objects.requireNonNull(event, "event");
    StorageTier tier = tierForPath(flavour, path).orElseThrow(() -> new IllegalArgumentException(
        "no storage tier of " + flavour.name() + " takes path '" + path + "'"));
    return cell(tier.id(), event).survives();
  }

  /**
   * Whether data at {@code path} survives {@code event}, on whichever flavour names the path most
   * specifically (for example a path only a notebook flavour names).
   *
   * @throws IllegalArgumentException when the path is blank or relative, no tier takes it, or flavours
   *     tie on it with different answers (then say which flavour with
   *     {@link #survives(Flavour, String, LifecycleEvent)})
   */
  public boolean survives(String path, LifecycleEvent event) {
    Objects.requireNonNull(event, "event");
    String normalised = Paths.normalise(path);
    List<StorageTier> best = bestMatches(tiers, normalised);
    if (best.isEmpty()) {
      throw new IllegalArgumentException("no storage tier takes path '" + path + "'");
    }
    int topScore = specificity(best.get(0), normalised);
    List<StorageTier> tied = best.stream().filter(t -> specificity(t, normalised) == topScore).toList();
    boolean answer = cell(tied.get(0).id(), event).survives();
    for (StorageTier other : tied) {
      if (cell(other.id(), event).survives() != answer) {
        throw new IllegalArgumentException("path '" + path + "' survives " + event + " on some flavours and not"
            + " others (" + tied.stream().map(t -> t.flavour().name() + ": " + t.name())
            .collect(Collectors.joining(", ")) + "); ask survives(flavour, path, event)");
      }
    }
    return answer;
  }

  private static List<StorageTier> bestMatches(List<StorageTier> candidates, String normalised) {
    List<StorageTier> matches = new ArrayList<>();
    for (StorageTier tier : candidates) {
      if (specificity(tier, normalised) >= 0) {
        matches.add(tier);
      }
    }
    matches.sort((a, b) -> Integer.compare(specificity(b, normalised), specificity(a, normalised)));
    return matches;
  }

  /** Length of the longest matching prefix, 0 for a catch-all match, -1 for no match. */
  private static int specificity(StorageTier tier, String normalised) {
    int best = -1;
    for (String prefix : tier.pathPrefixes()) {
      if (Paths.isUnder(normalised, prefix)) {
        best = Math.max(best, Paths.normalise(prefix).length());
      }
    }
    if (best < 0 && tier.catchAll()) {
      best = 0;
    }
    return best;
  }
}
