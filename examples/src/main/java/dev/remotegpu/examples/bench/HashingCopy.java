package dev.remotegpu.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The benchmark's copy of a stream to a file: without hashing, with SHA-256 as the sync engine computes it
 * ({@code SyncEngine.copy}: 256 KiB reads, each hashed and written by the reading thread), or with SHA-256 handed
 * off to a second thread (three circulating 256 KiB buffers: read, write, hand over; the hasher digests them in
 * order and gives them back), the alternative measured by {@link VerifyCost} and not adopted by the engine.
 */
enum HashingCopy {
  /** No hashing: the transfer and the disk writes alone. */
  NONE,
  /** SHA-256 on the thread that reads and writes, buffer by buffer, as the sync engine does. */
  INLINE,
  /** SHA-256 on a second thread fed through three circulating 256 KiB buffers (measured, not adopted). */
  HAND_OFF;

  private static final int BUFFER = 256 * 1024;
  private static final int HASH_BUFFERS = 3;
  private static final byte[] END = new byte[0];

  /** Copies {@code in} to a new file {@code local}; returns the hex SHA-256, or the byte count when not hashing. */
  String copy(InputStream in, Path local) throws IOException {
    MessageDigest sha256 = newSha256();
    try (OutputStream out = Files.newOutputStream(local)) {
      if (this != HAND_OFF) {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; total += n) {
          out.write(buffer, 0, n);
          if (this == INLINE) {
            sha256.update(buffer, 0, n);
          }
        }
        return this == NONE ? Long.toString(total) : HexFormat.of().formatHex(sha256.digest());
      }
      BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(HASH_BUFFERS);
      BlockingQueue<byte[]> full = new ArrayBlockingQueue<>(HASH_BUFFERS + 1);
      BlockingQueue<Integer> lengths = new ArrayBlockingQueue<>(HASH_BUFFERS + 1);
      for (int i = 0; i < HASH_BUFFERS; i++) {
        free.add(new byte[BUFFER]);
      }
      Thread hasher = new Thread(() -> {
        try {
          for (byte[] b; (b = full.take()) != END; free.add(b)) {
            sha256.update(b, 0, lengths.take());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-sha256");
      hasher.setDaemon(true);
      hasher.start();
      try {
        for (byte[] buffer = free.take(); ; buffer = free.take()) {
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          out.write(buffer, 0, n);
          lengths.add(n);
          full.add(buffer);
        }
        full.add(END);
        hasher.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while hashing " + local);
      } finally {
        hasher.interrupt();
      }
      return HexFormat.of().formatHex(sha256.digest());
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
