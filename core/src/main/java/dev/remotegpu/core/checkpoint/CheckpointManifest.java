package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.checkpoint.internal.ManifestBuilder;
import dev.remotegpu.core.checkpoint.internal.ManifestCodec;
import dev.remotegpu.core.checkpoint.internal.PathRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The skill's {@code PULL_MANIFEST.json} (schema {@value #SCHEMA}): the exact roster of a checkpoint bundle
 * with each file's size and SHA-256, so a pull can prove it got every byte. Read and written byte for byte
 * as the skill's {@code build_pull_manifest.py} does ({@code json.dumps(indent=2, sort_keys=True,
 * ensure_ascii=False)} plus a newline).
 *
 * @param runId the immutable run or delivery id, non-blank
 * @param createdAtUtc when the manifest was built, ISO-8601 with an offset (kept as written)
 * @param topLevelDirs the directories directly under the bundle root, names matching {@code [A-Za-z0-9._-]+}
 * @param files every regular file of the bundle, paths unique and '/'-separated relative to the bundle root. A
 *     file at the root itself (for example {@code config.json}) is listed by its bare name and is sealed, pulled and
 *     verified like a file in a cell, but is not a top-level dir; the skill's script only lists files inside cells,
 *     and the SDK lists root files too because leaving them out would let a destroy lose them. A path with a
 *     backslash is refused naming the file (a backslash is outside {@code [A-Za-z0-9._-]}, and the skill's
 *     {@code as_posix()} would read it as a separator on Windows)
 */
public record CheckpointManifest(String runId, String createdAtUtc, List<String> topLevelDirs,
    List<ManifestFile> files) {
  /** The schema string of this format. */
  public static final String SCHEMA = "remote-gpu-trainer/PULL/v1";
  /** The manifest's file name inside a bundle. */
  public static final String FILE_NAME = "PULL_MANIFEST.json";

  /** Checks every field; bad names, paths or duplicates are refused naming the offender. */
  public CheckpointManifest {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(createdAtUtc, "createdAtUtc");
    topLevelDirs = List.copyOf(Objects.requireNonNull(topLevelDirs, "topLevelDirs"));
    files = List.copyOf(Objects.requireNonNull(files, "files"));
    if (runId.isBlank()) {
      throw PathRules.invalid("run_id", "run_id must be a non-empty string");
    }
    try {
      OffsetDateTime.parse(createdAtUtc);
    } catch (RuntimeException e) {
      throw PathRules.invalid("created_at_utc", "not an ISO-8601 time with offset: \"" + createdAtUtc + "\"");
    }
    for (String dir : topLevelDirs) {
      PathRules.checkName(dir);
    }
    Set<String> seen = new HashSet<>();
    for (ManifestFile file : files) {
      if (!seen.add(file.path())) {
        throw PathRules.invalid(file.path(), "the manifest lists this path twice");
      }
    }
  }

  /** When the manifest was built, as an instant. */
  public Instant createdAt() {
    return OffsetDateTime.parse(createdAtUtc).toInstant();
  }

  /** The number of files, as {@code totals.files} says. */
  public long totalFiles() {
    return files.size();
  }

  /** The sum of all file sizes, as {@code totals.bytes} says. */
  public long totalBytes() {
    return files.stream().mapToLong(ManifestFile::bytes).sum();
  }

  /** The entry for a bundle-relative path, if the manifest lists it. */
  public Optional<ManifestFile> file(String path) {
    Objects.requireNonNull(path, "path");
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  /** This manifest as the exact text {@code build_pull_manifest.py} would write (with the final newline). */
  public String toJson() {
    return ManifestCodec.manifestJson(this);
  }

  /** {@link #toJson()} as UTF-8 bytes. */
  public byte[] toBytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a manifest written by the skill's scripts or by this SDK; refuses a wrong schema, a bad path, name
   * or digest, and totals that disagree with the files, with a {@link dev.remotegpu.core.ValidationException}.
   */
  public static CheckpointManifest parse(String json) {
    return ManifestCodec.parseManifest(Objects.requireNonNull(json, "json"));
  }

  /** {@link #parse(String)} of UTF-8 bytes. */
  public static CheckpointManifest parse(byte[] json) {
    return parse(new String(Objects.requireNonNull(json, "json"), StandardCharsets.UTF_8));
  }

  /**
   * Builds the manifest of a local bundle directory by hashing every regular file under it (the manifest
   * and verification record themselves and {@code *.tmp} files aside); a symlink anywhere is refused.
   */
  public static CheckpointManifest build(Path bundleRoot, String runId, Clock clock) {
    return ManifestBuilder.build(Objects.requireNonNull(bundleRoot, "bundleRoot"),
        Objects.requireNonNull(runId, "runId"), Objects.requireNonNull(clock, "clock"));
  }
}
