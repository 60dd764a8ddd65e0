package dev.remotegpu.core.internal.checkpoint;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK's own record beside a verified bundle ({@code export/<id>.remotegpu.json}): whether the pull that
 * wrote {@code PULL_VERIFIED.json} loaded every checkpoint through a real verifier or only matched sizes and
 * digests ({@code Verifier.NONE}). It lives outside the bundle so the skill's {@code PULL_VERIFIED.json} and
 * roster stay byte-identical to {@code verify_local.py}'s.
 *
 * @param manifestSha256 the digest of the manifest the verification was for
 * @param verifiedByLoad whether a verifier other than {@code Verifier.NONE} accepted every checkpoint
 */
public record VerificationSidecar(String manifestSha256, boolean verifiedByLoad) {
  /** The schema of the record. */
  public static final String SCHEMA = "remotegpu/VERIFICATION-MODE/v1";
  private static final String SUFFIX = ".remotegpu.json";

  /** The sidecar's store path for bundle {@code id}. */
  public static String storePath(String id) {
    return CheckpointStore.exportDir(id) + SUFFIX;
  }

  /** The sidecar's file for a bundle directory. */
  public static Path fileFor(Path bundleDir) {
    return bundleDir.resolveSibling(bundleDir.getFileName() + SUFFIX);
  }

  /** The record's bytes. */
  public byte[] toBytes() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("manifest_sha256", manifestSha256);
    root.put("verified_by_load", verifiedByLoad);
    return (Json.writePythonStyle(root, true) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Writes the record beside a local bundle, atomically. */
  public void writeBeside(Path bundleDir) throws IOException {
    Path file = fileFor(bundleDir);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, toBytes());
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Writes the record beside bundle {@code id} of a store, atomically. */
  public void writeTo(CheckpointStore store, String id) throws IOException {
    StoreListing.writeAtomically(store, storePath(id), toBytes());
  }

  /** Reads the record beside a local bundle; empty when absent or unreadable (which counts as not by load). */
  public static Optional<VerificationSidecar> readBeside(Path bundleDir) {
    Path file = fileFor(bundleDir);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      Object parsed = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (parsed instanceof Map<?, ?> map && SCHEMA.equals(map.get("schema"))
          && map.get("manifest_sha256") instanceof String sha && map.get("verified_by_load") instanceof Boolean load) {
        return Optional.of(new VerificationSidecar(sha, load));
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
