package dev.remotegpu.paperspace.checks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a machine, its custom template and its storage live, for the PS5 check.
 *
 * @param machineRegion the region or datacenter the machine launches in, for example "ny2"
 * @param templateRegion the region of the custom template it launches from, when it uses one
 * @param storageRegions the regions of the volumes or storage it mounts
 */
public record RegionPlacement(String machineRegion, Optional<String> templateRegion, List<String> storageRegions) {

  public RegionPlacement {
    Objects.requireNonNull(machineRegion, "machineRegion");
    Objects.requireNonNull(templateRegion, "templateRegion");
    storageRegions = List.copyOf(Objects.requireNonNull(storageRegions, "storageRegions"));
  }
}
