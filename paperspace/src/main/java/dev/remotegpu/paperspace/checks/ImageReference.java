package dev.remotegpu.paperspace.checks;

import java.util.Objects;

/**
 * A container image a Deployment or custom job pulls, for the PS12 check.
 *
 * @param reference the image reference, for example "me/trainer:1.4" or "me/trainer@sha256:..."
 * @param registryCredentialsInline whether the private-registry credentials are written inline (in a
 *     spec or script) rather than supplied as a Gradient secret
 */
public record ImageReference(String reference, boolean registryCredentialsInline) {

  public ImageReference {
    Objects.requireNonNull(reference, "reference");
  }

  /** An image reference with credentials, if any, supplied as a secret. */
  public static ImageReference of(String reference) {
    return new ImageReference(reference, false);
  }
}
