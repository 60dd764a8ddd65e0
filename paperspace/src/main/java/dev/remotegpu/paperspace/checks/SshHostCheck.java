package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.List;
import java.util.Objects;

/**
 * PS6: a dynamic public IP changes on every start, so a saved SSH host breaks after a restart; a machine
 * with no public IP cannot be reached from outside at all.
 */
public final class SshHostCheck implements Check<SshHostPlan> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public SshHostCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s PS6 fix. */
  public SshHostCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS6";
  }

  /** {@inheritDoc} A blank host is an {@link IllegalArgumentException}. */
  @Override
  public List<Finding> check(SshHostPlan plan) {
    Objects.requireNonNull(plan, "plan");
    if (plan.host().isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    String evidence = "host=" + plan.host().trim() + ", ipType=" + plan.ipType()
        + (plan.fixedAcrossRestarts() ? ", reused across restarts" : ", re-resolved on each start");
    if (plan.ipType() == PublicIpType.DYNAMIC && plan.fixedAcrossRestarts()) {
      return List.of(new Finding("PS6", Severity.WARNING,
          "A dynamic public IP is used as a fixed SSH host: it changes on every start, so the saved host breaks"
              + " after the next restart.", evidence, profile.gotcha("PS6").fix()));
    }
    if (plan.ipType() == PublicIpType.NONE) {
      return List.of(new Finding("PS6", Severity.WARNING,
          "The machine has no public IP: it is internet-isolated and cannot be reached over SSH from outside.",
          evidence, "Request a public IP at create time (a dynamic one cannot be added later via API/CLI), or"
              + " attach a static IP. " + profile.gotcha("PS6").fix()));
    }
    return List.of();
  }
}
