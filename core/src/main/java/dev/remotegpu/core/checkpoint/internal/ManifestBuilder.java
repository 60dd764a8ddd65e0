package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.ManifestFile;
import dev.remotegpu.core.checkpoint.PullVerified;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Builds a manifest of a local bundle directory, like {@code build_pull_manifest.py}. */
public final class ManifestBuilder {
  private ManifestBuilder() {}

  /** Hashes every regular file under the root; symlinks are refused. */
  public static CheckpointManifest build(Path root, String runId, Clock clock) {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw PathRules.invalid(root.toString(), "not a directory (or a symlink): " + root);
    }
    try {
      List<String> dirs = new ArrayList<>();
      try (Stream<Path> children = Files.list(root)) {
        for (Path child : children.sorted().toList()) {
          if (Files.isSymbolicLink(child)) {
            throw PathRules.invalid(child.toString(), "symlink is not permitted in a checkpoint bundle: " + child);
          }
          if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            PathRules.checkName(child.getFileName().toString());
            dirs.add(child.getFileName().toString());
          }
        }
      }
      List<ManifestFile> files = new ArrayList<>();
      for (LocalTree.Entry entry : LocalTree.list(root)) {
        if (isBookkeeping(entry.path())) {
          continue;
        }
        files.add(new ManifestFile(entry.path(), entry.bytes(), Sha256.of(root.resolve(entry.path()))));
      }
      return new CheckpointManifest(runId.strip(), PythonTime.isoformat(clock.instant()), dirs, files);
    } catch (IOException e) {
      throw new UncheckedIOException("could not hash the bundle " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * The manifest, the verification record and the SDK's own temporary copies of them: never part of a roster. A
   * user's {@code *.tmp} file (for example {@code optimizer.tmp}) is data like any other and is sealed and pulled.
   */
  public static boolean isBookkeeping(String relativePath) {
    return relativePath.equals(CheckpointManifest.FILE_NAME) || relativePath.equals(PullVerified.FILE_NAME)
        || relativePath.equals(CheckpointManifest.FILE_NAME + ".tmp")
        || relativePath.equals(PullVerified.FILE_NAME + ".tmp");
  }
}
