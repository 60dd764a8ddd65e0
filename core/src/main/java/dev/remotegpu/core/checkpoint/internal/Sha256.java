package dev.remotegpu.core.checkpoint.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. */
public final class Sha256 {
  /** One reusable 256 KiB buffer per thread: allocating direct memory per file triggers GC pauses. */
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 * 1024));

  private Sha256() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** Lower-case hex of a digest. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** Lower-case hex SHA-256 of bytes. */
  public static String of(byte[] bytes) {
    return hex(newDigest().digest(bytes));
  }

  /** Lower-case hex SHA-256 of a file's content. */
  public static String of(Path file) throws IOException {
    MessageDigest md = newDigest();
    update(md, file, Long.MAX_VALUE);
    return hex(md.digest());
  }

  /** Feeds the first {@code limit} bytes of a file (or all of it) into a digest; returns the count fed. */
  public static long update(MessageDigest md, Path file, long limit) throws IOException {
    ByteBuffer buffer = BUFFERS.get();
    long total = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (total < limit) {
        buffer.clear();
        if (limit - total < buffer.capacity()) {
          buffer.limit((int) (limit - total));
        }
        int n = channel.read(buffer);
        if (n < 0) {
          break;
        }
        buffer.flip();
        md.update(buffer);
        total += n;
      }
    }
    return total;
  }

  /** Feeds a stream into a digest until its end; returns the count. */
  public static long update(MessageDigest md, InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      md.update(buffer, 0, n);
      total += n;
    }
    return total;
  }
}
