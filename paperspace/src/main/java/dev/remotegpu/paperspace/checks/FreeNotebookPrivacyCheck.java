package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.List;
import java.util.Objects;

/** PS7: free notebooks are public by default, so confidential code or secrets must not go into one. */
public final class FreeNotebookPrivacyCheck implements Check<NotebookContents> {

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public FreeNotebookPrivacyCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s free tier and PS7 fix. */
  public FreeNotebookPrivacyCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS7";
  }

  @Override
  public List<Finding> check(NotebookContents contents) {
    Objects.requireNonNull(contents, "contents");
    boolean publicByDefault = profile.freeTier().map(t -> t.notebooksPublicByDefault()).orElse(false);
    if (!contents.product().freeTier() || !publicByDefault || !(contents.confidentialCode() || contents.secrets())) {
      return List.of();
    }
    String what = contents.confidentialCode() && contents.secrets() ? "confidential code and secrets"
        : contents.confidentialCode() ? "confidential code" : "secrets";
    return List.of(new Finding("PS7", Severity.CRITICAL,
        "A " + contents.product().name() + " is public by default, and it would hold " + what + ".",
        "product=" + contents.product().id() + ", confidentialCode=" + contents.confidentialCode()
            + ", secrets=" + contents.secrets(),
        profile.gotcha("PS7").fix()));
  }
}
