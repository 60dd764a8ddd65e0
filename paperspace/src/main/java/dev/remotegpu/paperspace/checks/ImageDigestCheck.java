package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * PS12: an image referenced by a moving tag (":latest", or no tag at all) drifts; pin it by
 * {@code @sha256:} digest, and supply registry credentials as a secret, not inline.
 */
public final class ImageDigestCheck implements Check<ImageReference> {

  private static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public ImageDigestCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s PS12 fix. */
  public ImageDigestCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS12";
  }

  /** {@inheritDoc} A blank reference, one with whitespace, or a malformed digest is an {@link IllegalArgumentException}. */
  @Override
  public List<Finding> check(ImageReference image) {
    Objects.requireNonNull(image, "image");
    String reference = image.reference().trim();
    if (reference.isEmpty() || reference.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("image reference must be non-blank with no whitespace: '"
          + image.reference() + "'");
    }
    String fix = profile.gotcha("PS12").fix();
    List<Finding> findings = new ArrayList<>();
    if (reference.contains("@")) {
      if (!DIGEST.matcher(reference).find()) {
        throw new IllegalArgumentException("image reference has a malformed digest (want @sha256: and 64 lower-case"
            + " hex digits): '" + reference + "'");
      }
    } else {
      String lastPart = reference.substring(reference.lastIndexOf('/') + 1);
      int colon = lastPart.indexOf(':');
      String tag = colon < 0 ? "" : lastPart.substring(colon + 1);
      boolean moving = tag.isEmpty() || tag.equals("latest");
      findings.add(new Finding("PS12", moving ? Severity.CRITICAL : Severity.WARNING,
          (moving ? "The image uses a moving tag (" + (tag.isEmpty() ? "none, so :latest" : ":latest")
              + "): each pull may get a different layer set."
              : "The image is pinned by tag ':" + tag + "' only; a tag can be moved to other layers."),
          reference, fix));
    }
    if (image.registryCredentialsInline()) {
      findings.add(new Finding("PS12", Severity.CRITICAL,
          "Registry credentials are written inline.", "image=" + reference + ", credentials inline",
          "Supply registry credentials as a Gradient secret, not inline."));
    }
    return findings;
  }
}
