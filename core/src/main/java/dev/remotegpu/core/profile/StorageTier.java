package dev.remotegpu.core.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A place data can live on a platform, with the paths that land in it. Whether it survives a stop or a
 * destroy is in the {@link SurvivalMatrix}.
 *
 * @param id a stable id, for example "notebook-storage"
 * @param name a human name, for example "Notebook shared persistent"
 * @param flavour the compute flavour whose paths land here
 * @param pathPrefixes absolute paths (and everything beneath them) that land here; empty for a
 *     separate resource with no path (a snapshot)
 * @param catchAll whether every other path of the flavour lands here too (an ephemeral workspace, a
 *     VM's root disk)
 * @param pathDescription the paths as the platform describes them, for example "everything else"
 * @param teamShared whether everyone on the team can read it (never write secrets there)
 * @param size the sizes it can be created with, when the platform documents them
 * @param capNote the cap and notes column of the platform's survival table
 */
public record StorageTier(
    String id,
    String name,
    Flavour flavour,
    List<String> pathPrefixes,
    boolean catchAll,
    String pathDescription,
    boolean teamShared,
    Optional<SizeRange> size,
    String capNote) {

  public StorageTier {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(flavour, "flavour");
    pathPrefixes = List.copyOf(Objects.requireNonNull(pathPrefixes, "pathPrefixes"));
    for (String prefix : pathPrefixes) {
      if (!prefix.startsWith("/")) {
        throw new IllegalArgumentException("tier " + id + ": path prefix must be absolute: '" + prefix + "'");
      }
    }
    Objects.requireNonNull(pathDescription, "pathDescription");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(capNote, "capNote");
  }

  /** Whether the tier has paths at all (a snapshot is a separate resource with none). */
  public boolean hasPaths() {
    return catchAll || !pathPrefixes.isEmpty();
  }
}
