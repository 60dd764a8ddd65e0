package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.paperspace.checks.internal.LeftoverFindings;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.List;
import java.util.Objects;

/** PS9: a snapshot survives its machine's destroy and bills $0.29/GB/month until deleted. */
public final class OrphanSnapshotCheck implements Check<LeftoverBillables> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public OrphanSnapshotCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s billable-kind to gotcha mapping. */
  public OrphanSnapshotCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS9";
  }

  @Override
  public List<Finding> check(LeftoverBillables leftovers) {
    Objects.requireNonNull(leftovers, "leftovers");
    return LeftoverFindings.of(profile, "PS9", leftovers.relevant());
  }
}
