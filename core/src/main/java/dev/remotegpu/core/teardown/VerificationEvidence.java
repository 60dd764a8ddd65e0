package dev.remotegpu.core.teardown;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The evidence the Iron Law asks for before an irreversible step: a {@code PULL_VERIFIED} record (the
 * checkpoints were pulled and every one verified by load) together with the digest of the manifest as it
 * is now. It counts only when both digests are equal and at least one file was verified.
 *
 * @param runId the run whose checkpoints were verified
 * @param verifiedManifestSha256 the {@code manifest_sha256} of the {@code PULL_VERIFIED} record
 * @param currentManifestSha256 the SHA-256 of the current {@code PULL_MANIFEST.json} bytes
 * @param verifiedAt when the verification finished
 * @param files how many files were verified
 * @param bytes how many bytes were verified
 */
public record VerificationEvidence(
    String runId,
    String verifiedManifestSha256,
    String currentManifestSha256,
    Instant verifiedAt,
    long files,
    long bytes) {

  public VerificationEvidence {
    Objects.requireNonNull(runId, "runId");
    verifiedManifestSha256 = Objects.requireNonNull(verifiedManifestSha256, "verifiedManifestSha256")
        .trim().toLowerCase(Locale.ROOT);
    currentManifestSha256 = Objects.requireNonNull(currentManifestSha256, "currentManifestSha256")
        .trim().toLowerCase(Locale.ROOT);
    Objects.requireNonNull(verifiedAt, "verifiedAt");
    if (files < 0 || bytes < 0) {
      throw new IllegalArgumentException("files and bytes must not be negative: " + files + ", " + bytes);
    }
  }

  /**
   * Builds the evidence from the fields of a {@code PULL_VERIFIED} record (in its order) and the digest
   * of the manifest as it is now.
   */
  public static VerificationEvidence fromPullVerified(String runId, String manifestSha256,
      Instant verifiedAtUtc, long files, long bytes, String currentManifestSha256) {
    return new VerificationEvidence(runId, manifestSha256, currentManifestSha256, verifiedAtUtc, files, bytes);
  }

  /**
   * Like {@link #fromPullVerified(String, String, Instant, long, long, String)}, with the record's
   * {@code verified_at_utc} text (ISO-8601 with an offset, for example {@code "2026-11-28T20:00:00Z"}).
   *
   * @throws IllegalArgumentException when the time is not ISO-8601 with an offset
   */
  public static VerificationEvidence fromPullVerified(String runId, String manifestSha256,
      String verifiedAtUtc, long files, long bytes, String currentManifestSha256) {
    Objects.requireNonNull(verifiedAtUtc, "verifiedAtUtc");
    Instant verifiedAt;
    try {
      verifiedAt = OffsetDateTime.parse(verifiedAtUtc.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("verified_at_utc is not ISO-8601 with an offset: '" + verifiedAtUtc + "'",
          e);
    }
    return fromPullVerified(runId, manifestSha256, verifiedAt, files, bytes, currentManifestSha256);
  }

  /** Whether this evidence proves the current manifest was pulled and verified by load. */
  public boolean matchesCurrentManifest() {
    return mismatch().isEmpty();
  }

  /** Why this evidence does not count, when it does not. */
  public Optional<String> mismatch() {
    if (verifiedManifestSha256.isEmpty() || currentManifestSha256.isEmpty()) {
      return Optional.of("the PULL_VERIFIED evidence of run " + runId + " carries no manifest digest");
    }
    if (!verifiedManifestSha256.equals(currentManifestSha256)) {
      return Optional.of("the PULL_VERIFIED evidence of run " + runId + " is for manifest "
          + shortDigest(verifiedManifestSha256) + " but the current manifest is "
          + shortDigest(currentManifestSha256) + ": pull and verify the current checkpoints again");
    }
    if (files == 0) {
      return Optional.of("the PULL_VERIFIED evidence of run " + runId
          + " verified no files: a pull with nothing in it proves nothing");
    }
    return Optional.empty();
  }

  private static String shortDigest(String sha256) {
    return sha256.length() > 12 ? sha256.substring(0, 12) + "..." : sha256;
  }
}
