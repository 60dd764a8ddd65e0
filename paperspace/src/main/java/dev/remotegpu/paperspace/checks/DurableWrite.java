package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Flavour;
import dev.remotegpu.core.profile.LifecycleEvent;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A path a program means to write durable data (checkpoints, packages, logs, credentials) to, for the PS3 check.
 *
 * @param flavour where it runs (Gradient notebook or Core machine)
 * @param path the absolute path on that machine
 * @param mustSurvive the lifecycle events the data must outlive
 * @param containsSecrets whether the data holds keys, tokens or passwords
 */
public record DurableWrite(Flavour flavour, String path, Set<LifecycleEvent> mustSurvive, boolean containsSecrets) {

  public DurableWrite {
    Objects.requireNonNull(flavour, "flavour");
    Objects.requireNonNull(path, "path");
    mustSurvive = Set.copyOf(Objects.requireNonNull(mustSurvive, "mustSurvive"));
  }

  /** Data that must survive a stop, with no secrets in it. */
  public static DurableWrite surviveStop(Flavour flavour, String path) {
    return new DurableWrite(flavour, path, EnumSet.of(LifecycleEvent.STOP), false);
  }
}
