package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.ManifestFile;
import dev.remotegpu.core.checkpoint.PullVerified;
import dev.remotegpu.core.internal.json.Json;
import dev.remotegpu.core.internal.json.JsonException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON text of the skill's two formats, in and out. */
public final class ManifestCodec {
  private ManifestCodec() {}

  /** The manifest as {@code build_pull_manifest.py} writes it (ensure_ascii=False, final newline). */
  public static String manifestJson(CheckpointManifest manifest) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", CheckpointManifest.SCHEMA);
    root.put("run_id", manifest.runId());
    root.put("created_at_utc", manifest.createdAtUtc());
    root.put("top_level_dirs", List.copyOf(manifest.topLevelDirs()));
    List<Object> files = new ArrayList<>();
    for (ManifestFile f : manifest.files()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("path", f.path());
      entry.put("bytes", f.bytes());
      entry.put("sha256", f.sha256());
      files.add(entry);
    }
    root.put("files", files);
    root.put("totals", Map.of("files", manifest.totalFiles(), "bytes", manifest.totalBytes()));
    return Json.writePythonStyle(root, false) + "\n";
  }

  /** The record as {@code verify_local.py} writes it (ensure_ascii=True, final newline). */
  public static String verifiedJson(PullVerified v) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", PullVerified.SCHEMA);
    root.put("run_id", v.runId());
    root.put("manifest_sha256", v.manifestSha256());
    root.put("verified_at_utc", v.verifiedAtUtc());
    root.put("files", v.files());
    root.put("bytes", v.bytes());
    return Json.writePythonStyle(root, true) + "\n";
  }

  /** Parses and checks a manifest. */
  public static CheckpointManifest parseManifest(String json) {
    Map<String, Object> root = object(parse(json, CheckpointManifest.FILE_NAME), CheckpointManifest.FILE_NAME);
    if (!CheckpointManifest.SCHEMA.equals(root.get("schema"))) {
      throw PathRules.invalid("schema", "manifest schema must be \"" + CheckpointManifest.SCHEMA + "\", was "
          + root.get("schema"));
    }
    String runId = string(root, "run_id");
    String created = string(root, "created_at_utc");
    List<String> dirs = new ArrayList<>();
    for (Object dir : list(root, "top_level_dirs")) {
      if (!(dir instanceof String s)) {
        throw PathRules.invalid("top_level_dirs", "entries must be strings");
      }
      dirs.add(s);
    }
    List<ManifestFile> files = new ArrayList<>();
    List<Object> entries = list(root, "files");
    for (int i = 0; i < entries.size(); i++) {
      Map<String, Object> entry = object(entries.get(i), "files[" + i + "]");
      files.add(new ManifestFile(string(entry, "path"), longValue(entry, "bytes"), string(entry, "sha256")));
    }
    CheckpointManifest manifest = new CheckpointManifest(runId, created, dirs, files);
    Map<String, Object> totals = object(root.get("totals"), "totals");
    if (longValue(totals, "files") != manifest.totalFiles() || longValue(totals, "bytes") != manifest.totalBytes()) {
      throw PathRules.invalid("totals", "totals " + totals + " disagree with the files listed ("
          + manifest.totalFiles() + " files, " + manifest.totalBytes() + " bytes)");
    }
    return manifest;
  }

  /** Parses and checks a verification record. */
  public static PullVerified parseVerified(String json) {
    Map<String, Object> root = object(parse(json, PullVerified.FILE_NAME), PullVerified.FILE_NAME);
    if (!PullVerified.SCHEMA.equals(root.get("schema"))) {
      throw PathRules.invalid("schema", "verification schema must be \"" + PullVerified.SCHEMA + "\"");
    }
    return new PullVerified(string(root, "run_id"), string(root, "manifest_sha256"),
        string(root, "verified_at_utc"), longValue(root, "files"), longValue(root, "bytes"));
  }

  private static Object parse(String json, String what) {
    try {
      return Json.parse(json);
    } catch (JsonException e) {
      throw PathRules.invalid(what, "not valid JSON: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) {
    if (!(value instanceof Map)) {
      throw PathRules.invalid(what, "must be a JSON object");
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (!(value instanceof List)) {
      throw PathRules.invalid(key, "must be a JSON array");
    }
    return (List<Object>) value;
  }

  private static String string(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (!(value instanceof String s)) {
      throw PathRules.invalid(key, "must be a string");
    }
    return s;
  }

  private static long longValue(Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (!(value instanceof Long l)) {
      throw PathRules.invalid(key, "must be an integer");
    }
    return l;
  }
}
