package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.checkpoint.internal.ManifestCodec;
import dev.remotegpu.core.checkpoint.internal.PathRules;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The skill's {@code PULL_VERIFIED.json} (schema {@value #SCHEMA}): the record that a pulled bundle matched
 * its manifest file for file and that every checkpoint loaded. It is the evidence the teardown gate asks for.
 *
 * @param runId the run id of the manifest that was verified
 * @param manifestSha256 SHA-256 of the manifest file's exact bytes, 64 lower-case hex digits
 * @param verifiedAtUtc when verification passed, ISO-8601 with an offset
 * @param files how many files were verified
 * @param bytes how many bytes were verified
 */
public record PullVerified(String runId, String manifestSha256, String verifiedAtUtc, long files, long bytes) {
  /** The schema string of this format. */
  public static final String SCHEMA = "remote-gpu-trainer/PULL-VERIFIED/v1";
  /** The record's file name inside a bundle. */
  public static final String FILE_NAME = "PULL_VERIFIED.json";

  /** Checks every field. */
  public PullVerified {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(manifestSha256, "manifestSha256");
    Objects.requireNonNull(verifiedAtUtc, "verifiedAtUtc");
    if (runId.isBlank()) {
      throw PathRules.invalid("run_id", "run_id must be a non-empty string");
    }
    if (!PathRules.isSha256Hex(manifestSha256)) {
      throw PathRules.invalid("manifest_sha256", "must be 64 lower-case hex digits");
    }
    if (files < 0 || bytes < 0) {
      throw PathRules.invalid("files", "files and bytes must be zero or more");
    }
  }

  /** This record as the exact text {@code verify_local.py} would write (with the final newline). */
  public String toJson() {
    return ManifestCodec.verifiedJson(this);
  }

  /** {@link #toJson()} as UTF-8 bytes. */
  public byte[] toBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a record written by {@code verify_local.py} or by this SDK. */
  public static PullVerified parse(String json) {
    return ManifestCodec.parseVerified(Objects.requireNonNull(json, "json"));
  }
}
