package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.paperspace.checks.internal.LeftoverFindings;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.List;
import java.util.Objects;

/**
 * PS1: a stop ends only the compute meter; storage, public IPs and add-ons left in the account keep
 * billing until each is destroyed or released. One finding per such billable that still costs money.
 */
public final class OrphanBillablesCheck implements Check<LeftoverBillables> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public OrphanBillablesCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s billable-kind to gotcha mapping. */
  public OrphanBillablesCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS1";
  }

  @Override
  public List<Finding> check(LeftoverBillables leftovers) {
    Objects.requireNonNull(leftovers, "leftovers");
    return LeftoverFindings.of(profile, "PS1", leftovers.relevant());
  }
}
