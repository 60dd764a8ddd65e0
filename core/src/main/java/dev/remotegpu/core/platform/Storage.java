package dev.remotegpu.core.platform;

import dev.remotegpu.core.profile.LifecycleEvent;
import dev.remotegpu.core.profile.StorageTier;
import dev.remotegpu.core.profile.SurvivalCell;
import dev.remotegpu.core.profile.SurvivalMatrix;
import java.util.List;
import java.util.Objects;

/**
 * A place data can live on a platform (a notebook's persistent directory, its workspace,
 * a Core block disk, a snapshot), with what happens to it under each lifecycle event: the question to ask
 * before choosing where checkpoints go.
 *
 * @param tier the storage tier: its paths, flavour, sharing and size range
 * @param survival one cell per lifecycle event: survives or not, with the platform's note
 */
public record Storage(StorageTier tier, List<SurvivalCell> survival) {

  public Storage {
    Objects.requireNonNull(tier, "tier");
    survival = List.copyOf(Objects.requireNonNull(survival, "survival"));
  }

  /** Every tier of {@code matrix} with its cells. */
  public static List<Storage> of(SurvivalMatrix matrix) {
    Objects.requireNonNull(matrix, "matrix");
    return matrix.tiers().stream()
        .map(tier -> new Storage(tier, matrix.cells().stream().filter(c -> c.tierId().equals(tier.id())).toList()))
        .toList();
  }

  /**
   * Whether data here survives {@code event}.
   *
   * @throws IllegalArgumentException when the platform's matrix says nothing of that event for this tier
   */
  public boolean survives(LifecycleEvent event) {
    Objects.requireNonNull(event, "event");
    return survival.stream().filter(c -> c.event() == event).findFirst().map(SurvivalCell::survives)
        .orElseThrow(() -> new IllegalArgumentException("no survival fact for tier '" + tier.id() + "' under "
            + event));
  }

  /** Whether checkpoints here outlive both a stop and a destroy (so a pull before destroy is not optional). */
  public boolean durableAcrossDestroy() {
    return survives(LifecycleEvent.STOP) && survives(LifecycleEvent.DESTROY);
  }
}
