package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store's only removal primitive discards the SDK's own temporary files and refuses durable data. */
class DiscardTemporaryTest {
  @TempDir Path root;

  static final List<String> DURABLE = List.of("active/r/best.pth", "active/r/optimizer.tmp", "export/r/best.pth",
      "export/r", "export/r/PULL_MANIFEST.json", "export/r.remotegpu.json", "quarantine/r/x.pt.tmp",
      "superseded/r-1/x.tmp", "active", "export/.partial/r", "export/.partial/r/x.pt");
  static final List<String> DIRECTORIES = List.of("export/r", "active", "export/.partial/r");
  static final List<String> TEMPORARY = List.of("export/.partial/r/cell/x.pt.tmp",
      "export/r/PULL_MANIFEST.json.tmp", "export/r.remotegpu.json.tmp", "src/train.py.upload.tmp");

  @Test
  void durableFilesAndDirectoriesAreRefusedAndKept() throws Exception {
    CheckpointStore store = LocalCheckpointStore.at(root);
    for (String path : DURABLE) {
      Path file = root.resolve(DIRECTORIES.contains(path) ? path + "/keep.bin" : path);
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[] {1});
    }
    for (String path : DURABLE) {
      assertThatThrownBy(() -> store.discardTemporary(path)).as(path).isInstanceOf(ValidationException.class)
          .hasMessageContaining(path).hasMessageContaining("teardown plan");
    }
    for (String path : DURABLE) {
      assertThat(root.resolve(path)).as(path).exists();
    }
  }

  @Test
  void theSdksOwnTemporaryFilesAreDiscardedAndAbsentOnesAreIgnored() throws Exception {
    CheckpointStore store = LocalCheckpointStore.at(root);
    for (String path : TEMPORARY) {
      Files.createDirectories(root.resolve(path).getParent());
      Files.write(root.resolve(path), new byte[] {1});
      store.discardTemporary(path);
      assertThat(root.resolve(path)).as(path).doesNotExist();
      store.discardTemporary(path);
    }
  }

  @Test
  void aDirectoryNamedLikeATemporaryFileIsRefused() throws Exception {
    CheckpointStore store = LocalCheckpointStore.at(root);
    Files.createDirectories(root.resolve("export/.partial/r/d.tmp"));
    Files.write(root.resolve("export/.partial/r/d.tmp/best.pth"), new byte[] {1});

    assertThatThrownBy(() -> store.discardTemporary("export/.partial/r/d.tmp"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("directory");
    assertThat(root.resolve("export/.partial/r/d.tmp/best.pth")).exists();
  }
}
