package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.ValidationException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Root files, backslashes and names this JVM cannot encode, checked against the skill's manifest rules. */
class ManifestEdgeCaseTest {
  @TempDir Path remoteRoot;
  @TempDir Path localRoot;

  @Test
  void aBackslashInAFileNameIsRefusedNamingTheFileAndTheRunStaysInActive() throws Exception {
    Bundles.write(remoteRoot, "bs", Map.of("cell-a/best.pth", new byte[] {1}, "cell-a/w\\x.pt", new byte[] {2}));

    assertThatThrownBy(() -> CheckpointSync.seal(LocalCheckpointStore.at(remoteRoot), "bs", "r",
        Bundles.clockAt(0))).isInstanceOf(ValidationException.class).hasMessageContaining("w\\x.pt");
    assertThat(remoteRoot.resolve("active/bs/cell-a/best.pth")).exists();
    assertThat(remoteRoot.resolve("active/bs/cell-a/w\\x.pt")).exists();
    assertThat(remoteRoot.resolve("quarantine")).doesNotExist();
    assertThat(remoteRoot.resolve("export")).satisfiesAnyOf(
        p -> assertThat(p).doesNotExist(), p -> assertThat(p.resolve("bs")).doesNotExist());
  }

  @Test
  void aFileAtTheBundleRootIsSealedAsARelativePathPulledAndVerified() throws Exception {
    Bundles.write(remoteRoot, "rf", Map.of("cell-a/best.pth", new byte[] {1, 2}, "config.json", "{}".getBytes()));

    CheckpointManifest m = CheckpointSync.seal(LocalCheckpointStore.at(remoteRoot), "rf", "r", Bundles.clockAt(0));

    assertThat(m.topLevelDirs()).containsExactly("cell-a");
    assertThat(m.files()).extracting(ManifestFile::path).containsExactly("cell-a/best.pth", "config.json");
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    SyncResult pulled = CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot), local, "rf");
    assertThat(pulled.verified()).isPresent();
    assertThat(localRoot.resolve("export/rf/config.json")).hasContent("{}");

    Files.writeString(localRoot.resolve("export/rf/config.json"), "[]");
    SyncResult again = CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot), local, "rf");
    assertThat(again.upToDate()).isFalse();
    assertThat(localRoot.resolve("export/rf/config.json")).hasContent("{}");
  }

  @Test
  void aFileAtTheBundleRootWithABackslashIsRefusedToo() throws Exception {
    Bundles.write(remoteRoot, "rb", Map.of("cell-a/best.pth", new byte[] {1}, "a\\b", new byte[] {2}));

    assertThatThrownBy(() -> CheckpointSync.seal(LocalCheckpointStore.at(remoteRoot), "rb", "r",
        Bundles.clockAt(0))).isInstanceOf(ValidationException.class).hasMessageContaining("a\\b");
    assertThat(remoteRoot.resolve("active/rb/a\\b")).exists();
    assertThat(remoteRoot.resolve("quarantine")).doesNotExist();
  }

  @Test
  void aNameThisJvmCannotEncodeIsRefusedNamingTheFileAndTheLocaleAndNothingIsQuarantined() throws Exception {
    Bundles.write(remoteRoot, "enc", Map.of("cell-a/best.pth", new byte[] {1}, "cell-a/caf\u00e9.pt", new byte[] {2}));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dsun.jnu.encoding=ANSI_X3.4-1968", "-Dfile.encoding=ANSI_X3.4-1968",
        "-cp", System.getProperty("java.class.path"), SealUnderLocale.class.getName(), remoteRoot.toString(), "enc"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("LANG", "C");
    pb.environment().put("LC_ALL", "C");
    Process child = pb.start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(out).contains("jnu=ANSI_X3.4-1968");
    assertThat(out).contains("FAILED ValidationException retryable=false").contains("caf").contains("LANG=C")
        .contains("ANSI_X3.4-1968").contains("C.UTF-8");
    assertThat(remoteRoot.resolve("active/enc/cell-a/caf\u00e9.pt")).exists();
    assertThat(remoteRoot.resolve("active/enc/cell-a/best.pth")).exists();
    assertThat(remoteRoot.resolve("quarantine")).doesNotExist();
    assertThat(remoteRoot.resolve("export/enc")).doesNotExist();
    assertThat(File.separatorChar).isEqualTo('/');
  }
}
