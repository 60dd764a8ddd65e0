package dev.remotegpu.core.checkpoint.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lists the regular files under a local directory, refusing symlinks. */
public final class LocalTree {
  private LocalTree() {}

  /** A regular file: '/'-separated path relative to the listed root, size and modification time. */
  public record Entry(String path, long bytes, Instant modified) {}

  /** Every regular file under root, sorted by path; empty when root does not exist. */
  public static List<Entry> list(Path root) throws IOException {
    return list(root, false);
  }

  /** As {@link #list(Path)}; with {@code skipLinks} a symlink is left out (never followed) instead of refused. */
  public static List<Entry> list(Path root, boolean skipLinks) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
          if (skipLinks) {
            return FileVisitResult.CONTINUE;
          }
          throw PathRules.invalid(file.toString(), "symlink is not permitted in a checkpoint bundle: " + file);
        }
        if (attrs.isRegularFile()) {
          String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
          out.add(new Entry(relative, attrs.size(), attrs.lastModifiedTime().toInstant()));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    out.sort(Comparator.comparing(Entry::path, LocalTree::compareBySegments));
    return out;
  }

  /** Orders paths segment by segment, as Python sorts {@code pathlib} paths. */
  public static int compareBySegments(String a, String b) {
    String[] x = a.split("/");
    String[] y = b.split("/");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
