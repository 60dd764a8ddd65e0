package dev.remotegpu.core.checkpoint.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A digest computed on a thread of its own from buffers the copying thread hands over, in the order handed, so a
 * file is hashed beside being written rather than between its reads. The copying thread {@linkplain #take takes} a
 * free buffer, fills it, {@linkplain #hand hands} it over and writes it while it is hashed; a buffer is free again
 * only once hashed, so no byte is overwritten before the digest has seen it, and the copy runs at most
 * {@code buffers} buffers ahead of the hash. A copy whose source keeps up (a local store, a fast link) then takes
 * about the longer of hashing and the rest rather than their sum: SHA-256 alone is about 0.7 CPU s per GiB
 * ({@code examples/bench/run-verify-cost.sh}). Not thread-safe: one copying thread.
 */
final class SideDigest implements AutoCloseable {
  /** A filled buffer and how many of its bytes count. */
  private record Chunk(byte[] bytes, int length) {}

  /** Handed last: the hasher stops after it. */
  private static final Chunk END = new Chunk(new byte[0], 0);
  private static final long WAIT_MILLIS = 100;

  private final MessageDigest digest;
  private final String what;
  private final BlockingQueue<byte[]> free;
  /** Room for every buffer and the end, so handing over never blocks. */
  private final BlockingQueue<Chunk> handed;
  private final Future<?> hashing;
  private volatile boolean abandoned;
  private boolean ended;

  /**
   * Starts the hasher of {@code digest} on {@code executor} with {@code buffers} buffers of {@code bufferBytes};
   * {@code what} names the bytes hashed, for messages.
   */
  SideDigest(MessageDigest digest, ExecutorService executor, int buffers, int bufferBytes, String what) {
    if (buffers < 2) {
      throw new IllegalArgumentException("a side digest needs at least 2 buffers, not " + buffers);
    }
    this.digest = digest;
    this.what = what;
    this.free = new ArrayBlockingQueue<>(buffers);
    this.handed = new ArrayBlockingQueue<>(buffers + 1);
    for (int i = 0; i < buffers; i++) {
      free.add(new byte[bufferBytes]);
    }
    this.hashing = executor.submit(() -> {
      for (Chunk c = handed.take(); c != END; c = handed.take()) {
        if (!abandoned) {
          digest.update(c.bytes(), 0, c.length());
        }
        free.add(c.bytes());
      }
      return null;
    });
  }

  /** A free buffer to fill, waiting while every buffer is still being hashed. */
  byte[] take() throws IOException {
    checkOpen();
    try {
      for (byte[] b; ; ) {
        if ((b = free.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS)) != null) {
          return b;
        }
        if (hashing.isDone()) {
          throw new IOException("the SHA-256 of " + what + " stopped before its bytes were all hashed: " + outcome());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing " + what);
    }
  }

  /** Hands over the first {@code length} bytes of {@code buffer}, a buffer from {@link #take}; read it, never write it. */
  void hand(byte[] buffer, int length) {
    checkOpen();
    handed.add(new Chunk(buffer, length));
  }

  /**
   * Waits until every byte handed over is in the digest, which may then be read (and finished) by the caller; ends
   * this side digest.
   */
  void finish() throws IOException {
    checkOpen();
    ended = true;
    handed.add(END);
    try {
      hashing.get();
    } catch (InterruptedException e) {
      abandon();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing " + what);
    } catch (ExecutionException e) {
      throw new IOException("the SHA-256 of " + what + " failed: " + e.getCause(), e.getCause());
    }
  }

  /** Ends the hasher without a digest (the copy failed); the buffers still handed over are dropped unhashed. */
  @Override
  public void close() {
    if (!ended) {
      abandon();
    }
  }

  private void abandon() {
    ended = true;
    abandoned = true;
    handed.offer(END); // there is always room for it: only `buffers` chunks exist
  }

  private void checkOpen() {
    if (ended) {
      throw new IllegalStateException("the side digest of " + what + " has ended");
    }
  }

  private String outcome() {
    try {
      hashing.get(0, TimeUnit.MILLISECONDS);
      return "it ended";
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (TimeoutException | CancellationException e) {
      return e.toString();
    }
  }
}
