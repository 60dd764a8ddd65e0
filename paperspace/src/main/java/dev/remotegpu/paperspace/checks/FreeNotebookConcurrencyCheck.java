package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.FreeTier;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** PS8: the free tier runs one notebook at a time in at most five projects; another one sits "pending". */
public final class FreeNotebookConcurrencyCheck implements Check<FreeNotebookStart> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public FreeNotebookConcurrencyCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s free-tier limits. */
  public FreeNotebookConcurrencyCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS8";
  }

  @Override
  public List<Finding> check(FreeNotebookStart start) {
    Objects.requireNonNull(start, "start");
    Optional<FreeTier> freeTier = profile.freeTier();
    if (freeTier.isEmpty()) {
      return List.of();
    }
    FreeTier limits = freeTier.get();
    String fix = profile.gotcha("PS8").fix();
    List<Finding> findings = new ArrayList<>();
    if (start.runningFreeNotebooks() >= limits.maxRunningNotebooks()) {
      findings.add(new Finding("PS8", Severity.WARNING,
          "A free notebook is already running and the free tier runs " + limits.maxRunningNotebooks()
              + " at a time: this one will sit pending.",
          "runningFreeNotebooks=" + start.runningFreeNotebooks() + ", limit=" + limits.maxRunningNotebooks(), fix));
    }
    if (start.projects() > limits.maxProjects()) {
      findings.add(new Finding("PS8", Severity.WARNING,
          "The free tier allows at most " + limits.maxProjects() + " projects; this would be " + start.projects() + ".",
          "projects=" + start.projects() + ", limit=" + limits.maxProjects(),
          "Delete an unused project or upgrade the plan."));
    }
    return findings;
  }
}
