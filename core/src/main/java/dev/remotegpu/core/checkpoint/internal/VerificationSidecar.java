package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.internal.AtomicFiles;
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
 * digests ({@code Verifier.NONE}), and the stamp (size, modification time, change time, inode) of each file right
 * after it was hashed. It lives outside the bundle so the skill's {@code PULL_VERIFIED.json} and roster stay
 * byte-identical to {@code verify_local.py}'s.
 *
 * <p>A re-sync hashes a file again unless its stamp is unchanged: the change time (ctime) moves on every write and
 * every attribute change and cannot be set back by a program, so an equal stamp means nobody touched the bytes since
 * they were hashed. The Iron Law's evidence does not use stamps: it always re-hashes.
 *
 * @param manifestSha256 the digest of the manifest the verification was for
 * @param verifiedByLoad whether a verifier other than {@code Verifier.NONE} accepted every checkpoint
 * @param stamps each file's stamp when it was last hashed, by bundle path (empty where stamps are not available)
 */
public record VerificationSidecar(String manifestSha256, boolean verifiedByLoad, Map<String, String> stamps) {
  /** Copies the stamps. */
  public VerificationSidecar {
    stamps = Map.copyOf(stamps);
  }

  /** The stamp of a local file now, or empty when this file system does not expose the change time and inode. */
  public static Optional<String> stampOf(Path file) {
    try {
      Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino",
          java.nio.file.LinkOption.NOFOLLOW_LINKS);
      Object ctime = a.get("ctime");
      Object mtime = a.get("lastModifiedTime");
      if (!(ctime instanceof java.nio.file.attribute.FileTime c) || !(mtime instanceof java.nio.file.attribute.FileTime m)) {
        return Optional.empty();
      }
      return Optional.of(a.get("size") + ":" + nanos(m) + ":" + nanos(c) + ":" + a.get("ino"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static long nanos(java.nio.file.attribute.FileTime t) {
    java.time.Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** The stamps of every file of a manifest in a local bundle, now. */
  public static Map<String, String> stampsOf(Path bundleDir, Iterable<String> paths) {
    Map<String, String> stamps = new LinkedHashMap<>();
    for (String path : paths) {
      stampOf(bundleDir.resolve(path)).ifPresent(s -> stamps.put(path, s));
    }
    return stamps;
  }
  /** The schema of the record. */
  public static final String SCHEMA = "remotegpu/VERIFICATION-MODE/v1";
  public static final String SUFFIX = ".remotegpu.json";

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
    root.put("stamps", new java.util.TreeMap<>(stamps));
    return (Json.writePythonStyle(root, true) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Writes the record beside a local bundle, atomically. */
  public void writeBeside(Path bundleDir) throws IOException {
    // A uniquely named temporary file, created new: a link planted at a predictable name is never written through.
    AtomicFiles.replace(fileFor(bundleDir), toBytes());
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
        Map<String, String> stamps = new LinkedHashMap<>();
        if (map.get("stamps") instanceof Map<?, ?> raw) {
          raw.forEach((k, v) -> {
            if (k instanceof String path && v instanceof String stamp) {
              stamps.put(path, stamp);
            }
          });
        }
        return Optional.of(new VerificationSidecar(sha, load, stamps));
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
