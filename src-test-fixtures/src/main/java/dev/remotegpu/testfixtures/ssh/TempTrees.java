package dev.remotegpu.testfixtures.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temporary directory trees the test hosts create. */
final class TempTrees {
  private TempTrees() {
  }

  /**
   * Deletes {@code root} and everything below it, children first. Best effort: a file that cannot be
   * deleted (a job still writing, a permission) is left behind, since a test host's close must not fail.
   */
  static void deleteQuietly(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException leftBehind) {
          // best effort, as documented: the rest of the tree is still removed
        }
      });
    } catch (IOException | UncheckedIOException unreadable) {
      // best effort, as documented: a tree that cannot be walked is left in the temp directory
    }
  }
}
