package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** PS5: storage and custom templates are datacenter-locked, so each must be in the machine's region. */
public final class RegionCheck implements Check<RegionPlacement> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public RegionCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s PS5 fix. */
  public RegionCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS5";
  }

  /** {@inheritDoc} A blank region is an {@link IllegalArgumentException} naming it. */
  @Override
  public List<Finding> check(RegionPlacement placement) {
    Objects.requireNonNull(placement, "placement");
    String machine = requireRegion(placement.machineRegion(), "machineRegion");
    String fix = profile.gotcha("PS5").fix();
    List<Finding> findings = new ArrayList<>();
    if (placement.templateRegion().isPresent()) {
      String template = requireRegion(placement.templateRegion().get(), "templateRegion");
      if (!template.equalsIgnoreCase(machine)) {
        findings.add(new Finding("PS5", Severity.CRITICAL,
            "The custom template lives in " + template + " but the machine launches in " + machine
                + ": templates are datacenter-locked and will be \"not found\".",
            "templateRegion=" + template + ", machineRegion=" + machine, fix));
      }
    }
    for (String raw : placement.storageRegions()) {
      String storage = requireRegion(raw, "storageRegions");
      if (!storage.equalsIgnoreCase(machine)) {
        findings.add(new Finding("PS5", Severity.CRITICAL,
            "Storage in " + storage + " cannot be used by a machine in " + machine + ": storage is datacenter-locked.",
            "storageRegion=" + storage + ", machineRegion=" + machine, fix));
      }
    }
    return findings;
  }

  private static String requireRegion(String region, String name) {
    Objects.requireNonNull(region, name);
    if (region.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return region.trim();
  }
}
