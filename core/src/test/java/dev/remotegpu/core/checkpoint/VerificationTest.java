package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.checkpoint.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationTest {
  @TempDir Path root;
  Path bundle;

  @BeforeEach
  void sealABundle() throws Exception {
    Bundles.sealed(root, "b1", Map.of("cell-a/best.pth", "weights-a".getBytes(StandardCharsets.UTF_8),
        "cell-a/best_metrics.json", "{}".getBytes(StandardCharsets.UTF_8),
        "cell-b/best.pth", "weights-b".getBytes(StandardCharsets.UTF_8)), 1_000);
    bundle = root.resolve("export/b1");
  }

  private Path verified() {
    return bundle.resolve(PullVerified.FILE_NAME);
  }

  @Test
  void writesTheRecordWhenEverythingMatches() throws Exception {
    Files.writeString(bundle.resolve("cell-a/leftover.tmp"), "partial");

    PullVerified v = CheckpointSync.verify(bundle, Verifier.NONE, Bundles.clockAt(2_000));

    assertThat(v.runId()).isEqualTo("run-b1");
    assertThat(v.files()).isEqualTo(3);
    assertThat(v.bytes()).isEqualTo(20);
    assertThat(v.manifestSha256()).isEqualTo(Sha256.of(bundle.resolve(CheckpointManifest.FILE_NAME)));
    assertThat(PullVerified.parse(Files.readString(verified()))).isEqualTo(v);
  }

  @Test
  void refusesAMissingFile() throws Exception {
    Files.delete(bundle.resolve("cell-b/best.pth"));
    assertThatThrownBy(() -> CheckpointSync.verify(bundle, Verifier.NONE, Bundles.clockAt(0)))
        .isInstanceOf(CheckpointVerificationException.class).hasMessageContaining("missing locally: cell-b/best.pth");
    assertThat(verified()).doesNotExist();
  }

  @Test
  void refusesAnUnexpectedFile() throws Exception {
    Files.writeString(bundle.resolve("cell-b/extra.pth"), "x");
    assertThatThrownBy(() -> CheckpointSync.verify(bundle, Verifier.NONE, Bundles.clockAt(0)))
        .isInstanceOf(CheckpointVerificationException.class).hasMessageContaining("unexpected local file")
        .hasMessageContaining("cell-b/extra.pth");
    assertThat(verified()).doesNotExist();
  }

  @Test
  void refusesASizeMismatch() throws Exception {
    Files.writeString(bundle.resolve("cell-a/best.pth"), "weights-a+");
    assertThatThrownBy(() -> CheckpointSync.verify(bundle, Verifier.NONE, Bundles.clockAt(0)))
        .isInstanceOf(CheckpointVerificationException.class)
        .hasMessageContaining("size mismatch for cell-a/best.pth: expected 9, found 10");
    assertThat(verified()).doesNotExist();
  }

  @Test
  void refusesADigestMismatch() throws Exception {
    Files.writeString(bundle.resolve("cell-a/best.pth"), "weights-X");
    assertThatThrownBy(() -> CheckpointSync.verify(bundle, Verifier.NONE, Bundles.clockAt(0)))
        .isInstanceOf(CheckpointVerificationException.class).hasMessageContaining("sha256 mismatch for cell-a/best.pth");
    assertThat(verified()).doesNotExist();
  }

  @Test
  void refusesWhenTheVerifierRejectsAndAsksOnlyAboutFilesItAppliesTo() {
    java.util.List<String> asked = new java.util.ArrayList<>();
    Verifier loader = new Verifier() {
      @Override
      public Verdict verify(Path file) {
        asked.add(bundle.relativize(file).toString());
        return file.toString().contains("cell-b") ? Verdict.reject("no weights key") : Verdict.accept();
      }

      @Override
      public boolean appliesTo(String path) {
        return path.endsWith(".pth");
      }
    };
    assertThatThrownBy(() -> CheckpointSync.verify(bundle, loader, Bundles.clockAt(0)))
        .isInstanceOf(CheckpointVerificationException.class)
        .hasMessageContaining("verifier rejected cell-b/best.pth: no weights key");
    assertThat(asked).containsExactlyInAnyOrder("cell-a/best.pth", "cell-b/best.pth");
    assertThat(verified()).doesNotExist();
  }

  @Test
  void refusesWithoutAManifest() throws Exception {
    Files.delete(bundle.resolve(CheckpointManifest.FILE_NAME));
    assertThatThrownBy(() -> CheckpointSync.verify(bundle, Verifier.NONE, Bundles.clockAt(0)))
        .isInstanceOf(CheckpointVerificationException.class).hasMessageContaining("manifest not found");
  }
}
