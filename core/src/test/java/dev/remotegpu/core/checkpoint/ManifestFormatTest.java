package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFormatTest {
  /** Generated once with python3: json.dumps(m, indent=2, sort_keys=True, ensure_ascii=False) + "\n". */
  static final String PYTHON_MANIFEST = """
      {
        "created_at_utc": "2026-11-28T21:37:27.123456+00:00",
        "files": [
          {
            "bytes": 11,
            "path": "cell-a/best.pth",
            "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          },
          {
            "bytes": 0,
            "path": "cell-a/best_metrics.json",
            "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
          },
          {
            "bytes": 5,
            "path": "cell_b/sub/x.bin",
            "sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
          }
        ],
        "run_id": "sweep-42 é",
        "schema": "remote-gpu-trainer/PULL/v1",
        "top_level_dirs": [
          "cell-a",
          "cell_b"
        ],
        "totals": {
          "bytes": 16,
          "files": 3
        }
      }
      """;

  /** Generated once with python3: json.dumps(v, indent=2, sort_keys=True) + "\n" (ensure_ascii on). */
  static final String PYTHON_VERIFIED = """
      {
        "bytes": 16,
        "files": 3,
        "manifest_sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        "run_id": "sweep-42 \\u00e9",
        "schema": "remote-gpu-trainer/PULL-VERIFIED/v1",
        "verified_at_utc": "2026-11-28T22:00:00+00:00"
      }
      """;

  @Test
  void readsThePythonManifestAndWritesItBackByteForByte() {
    CheckpointManifest m = CheckpointManifest.parse(PYTHON_MANIFEST);

    assertThat(m.runId()).isEqualTo("sweep-42 é");
    assertThat(m.topLevelDirs()).containsExactly("cell-a", "cell_b");
    assertThat(m.files()).extracting(ManifestFile::path)
        .containsExactly("cell-a/best.pth", "cell-a/best_metrics.json", "cell_b/sub/x.bin");
    assertThat(m.totalBytes()).isEqualTo(16);
    assertThat(m.createdAt().toString()).isEqualTo("2026-11-28T21:37:27.123456Z");
    assertThat(m.toBytes()).isEqualTo(PYTHON_MANIFEST.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsThePythonVerificationRecordAndWritesItBackByteForByte() {
    PullVerified v = PullVerified.parse(PYTHON_VERIFIED);

    assertThat(v.runId()).isEqualTo("sweep-42 é");
    assertThat(v.files()).isEqualTo(3);
    assertThat(v.toJson()).isEqualTo(PYTHON_VERIFIED);
  }

  @Test
  void refusesUnsafePathsNamingThem() {
    for (String bad : List.of("../etc/passwd", "a/../../b", "/abs/file", "cell\\best.pth", "a//b", "")) {
      assertThatThrownBy(() -> new ManifestFile(bad, 1, "a".repeat(64)))
          .as(bad).isInstanceOf(ValidationException.class).hasMessageContaining(bad.isEmpty() ? "empty" : bad);
    }
    String withDotDot = PYTHON_MANIFEST.replace("cell_b/sub/x.bin", "cell_b/../x.bin");
    assertThatThrownBy(() -> CheckpointManifest.parse(withDotDot)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("cell_b/../x.bin");
  }

  @Test
  void refusesBadNamesDigestsSchemaAndTotals() {
    assertThatThrownBy(() -> CheckpointManifest.parse(PYTHON_MANIFEST.replace("\"cell_b\"\n", "\"cell b\"\n")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("cell b");
    assertThatThrownBy(() -> new ManifestFile("a/b", 1, "A".repeat(64)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("a/b").hasMessageContaining("sha256");
    assertThatThrownBy(() -> new ManifestFile("a/b", 1, "abc"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("sha256");
    assertThatThrownBy(() -> CheckpointManifest.parse(PYTHON_MANIFEST.replace("PULL/v1", "PULL/v2")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("schema");
    assertThatThrownBy(() -> CheckpointManifest.parse(PYTHON_MANIFEST.replace("\"bytes\": 16", "\"bytes\": 17")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("totals");
    assertThatThrownBy(() -> CheckpointManifest.parse(PYTHON_MANIFEST.replace("\"sweep-42 é\"", "\" \"")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("run_id");
  }

  @Test
  void buildsAManifestOfADirectoryAndRefusesSymlinks(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("cell-a/sub"));
    Files.writeString(dir.resolve("cell-a/best.pth"), "weights");
    Files.writeString(dir.resolve("cell-a/sub/z.bin"), "zz");
    Files.writeString(dir.resolve("cell-a/best.pth.tmp"), "a user's file: sealed like any other");
    Files.writeString(dir.resolve("PULL_MANIFEST.json.tmp"), "the SDK's own temporary: left out");
    Files.writeString(dir.resolve("cell-a.txt"), "root file");

    CheckpointManifest m = CheckpointManifest.build(dir, " run-7 ", Bundles.clockAt(1_800_000_000L));

    assertThat(m.runId()).isEqualTo("run-7");
    assertThat(m.createdAtUtc()).isEqualTo("2027-01-15T08:00:00+00:00");
    assertThat(m.topLevelDirs()).containsExactly("cell-a");
    // Python sorts pathlib paths segment by segment: "cell-a/..." before "cell-a.txt".
    assertThat(m.files()).extracting(ManifestFile::path)
        .containsExactly("cell-a/best.pth", "cell-a/best.pth.tmp", "cell-a/sub/z.bin", "cell-a.txt");
    assertThat(m.file("cell-a/best.pth").orElseThrow().sha256())
        .isEqualTo("9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c");
    assertThat(CheckpointManifest.parse(m.toBytes())).isEqualTo(m);

    Files.createSymbolicLink(dir.resolve("cell-a/link.pth"), dir.resolve("cell-a/best.pth"));
    assertThatThrownBy(() -> CheckpointManifest.build(dir, "run-7", Bundles.clockAt(0)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("symlink").hasMessageContaining("link.pth");
  }
}
