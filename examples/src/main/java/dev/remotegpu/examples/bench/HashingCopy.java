package dev.remotegpu.examples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's copy of a stream to a file: without hashing, with SHA-256 as the sync engine computes it
 * ({@code SyncEngine.copy} with its {@code SideDigest}: 256 KiB reads, each handed to a hashing thread through
 * three circulating buffers, then written while it is hashed), or with SHA-256 between the reads on the copying
 * thread (the engine's way until 2026-11-30), which {@link VerifyCost} measures against it.
 */
enum HashingCopy {
  /** No hashing: the transfer and the disk writes alone. */
  NONE,
  /** SHA-256 on the copying thread, buffer by buffer between reads (the engine until 2026-11-30). */
  INLINE,
  /** SHA-256 on a second thread fed through three circulating 256 KiB buffers, as the sync engine does. */
  HAND_OFF;

  private static final int BUFFER = 256 * 1024;
  private static final int HASH_BUFFERS = 3;
  private static final byte[] END = new byte[0];

  /**
   * Copies {@code in} to a new file {@code local}; returns the hex SHA-256, or the byte count when not hashing. The
   * CPU nanoseconds of a hashing thread of its own, if any, are added to {@code hasherCpu}.
   */
  String copy(InputStream in, Path local, AtomicLong hasherCpu) throws IOException {
    MessageDigest sha256 = newSha256();
    try (OutputStream out = Files.newOutputStream(local)) {
      if (this != HAND_OFF) {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; total += n) {
          if (this == INLINE) {
            sha256.update(buffer, 0, n);
          }
          out.write(buffer, 0, n);
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
        } finally {
          hasherCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
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
          lengths.add(n);
          full.add(buffer);
          out.write(buffer, 0, n); // read while it is hashed, as the engine does
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
