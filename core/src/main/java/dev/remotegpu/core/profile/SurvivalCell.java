package dev.remotegpu.core.profile;

import java.util.Objects;

/**
 * One cell of a {@link SurvivalMatrix}: whether a storage tier's data survives one lifecycle event.
 *
 * @param tierId the {@link StorageTier#id()} of the tier
 * @param event the lifecycle event
 * @param survives whether the data is still there afterwards
 * @param note the platform's qualification, for example "separate resource" or "dies with the notebook"
 */
public record SurvivalCell(String tierId, LifecycleEvent event, boolean survives, String note) {

  public SurvivalCell {
    Objects.requireNonNull(tierId, "tierId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(note, "note");
  }
}
