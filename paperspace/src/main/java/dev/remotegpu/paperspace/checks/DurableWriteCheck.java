package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.LifecycleEvent;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.core.profile.StorageTier;
import dev.remotegpu.core.profile.SurvivalCell;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PS3: whether a path lands in a tier that survives the events the data must outlive (a notebook's
 * {@code /usr/local/lib} is wiped on stop, {@code /notebooks} dies with the notebook, a Core disk dies
 * with a destroy), and whether secrets would land on team-shared {@code /storage}.
 */
public final class DurableWriteCheck implements Check<DurableWrite> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public DurableWriteCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s survival matrix and script overrides. */
  public DurableWriteCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS3";
  }

  /** {@inheritDoc} A blank or relative path is an {@link IllegalArgumentException} naming the path. */
  @Override
  public List<Finding> check(DurableWrite write) {
    Objects.requireNonNull(write, "write");
    StorageTier tier = profile.survival().tierForPath(write.flavour(), write.path())
        .orElseThrow(() -> new IllegalArgumentException(
            "path '" + write.path() + "' lands in no storage tier of " + write.flavour().name()));
    String durableDir = profile.scriptOverrides(write.flavour()).value("DURABLE_DIR").orElse("the durable dir");
    List<Finding> findings = new ArrayList<>();
    for (LifecycleEvent event : LifecycleEvent.values()) {
      if (!write.mustSurvive().contains(event)) {
        continue;
      }
      SurvivalCell cell = profile.survival().cell(tier.id(), event);
      if (cell.survives()) {
        continue;
      }
      String fix = event == LifecycleEvent.STOP
          ? "Write it under " + durableDir + " instead. " + profile.gotcha("PS3").fix()
          : tier.id().startsWith("core")
              ? "A destroy wipes the machine's disk: pull the data to local and verify it by load before any"
                  + " destroy (Iron Law)."
              : "Write it under " + durableDir + ", which survives deleting the notebook.";
      findings.add(new Finding("PS3", event == LifecycleEvent.STOP ? Severity.CRITICAL : Severity.WARNING,
          "'" + write.path() + "' lands in " + tier.name() + ", which does not survive a " + event + " ("
              + cell.note() + ").",
          "flavour=" + write.flavour().id() + ", path=" + write.path() + ", tier=" + tier.id(), fix));
    }
    if (write.containsSecrets() && tier.teamShared()) {
      findings.add(new Finding("PS3", Severity.CRITICAL,
          "Secrets would land on " + tier.name() + " ('" + write.path() + "'), which everyone on the team can read.",
          "path=" + write.path() + ", tier=" + tier.id() + " (team-shared)",
          "Pass keys by env-var name or as a Gradient secret; never write one onto the team-shared /storage."));
    }
    return findings;
  }
}
