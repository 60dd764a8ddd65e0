package dev.remotegpu.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Replaces a small file whole, so a reader (in any process) sees the old content or the new, never half. */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {
  }

  /**
   * Writes {@code content} to a uniquely named temporary file beside {@code file} (process id and random suffix,
   * so concurrent writers never share one), forces it to disk, renames it over {@code file}, and forces the
   * directory where the platform lets it, so the rename itself survives a power loss; the temporary file never
   * outlives the call.
   */
  public static void replace(Path file, byte[] content) throws IOException {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + "-"
        + HexFormat.of().formatHex(random) + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(file.toAbsolutePath().getParent());
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Forces {@code dir}'s entries to disk, as far as the platform lets: Windows cannot open a directory as a file, and
   * some file systems (FUSE mounts, for one) refuse to sync a directory. The file is in place either way, so that
   * refusal does not fail the write.
   */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort, as above
    }
  }
}
