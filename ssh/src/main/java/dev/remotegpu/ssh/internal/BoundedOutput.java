package dev.remotegpu.ssh.internal;

import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * A command's output held in bounded memory: the first {@link #HEAD_BYTES} bytes, and the last
 * {@link #TAIL_BYTES} in a ring buffer; what falls between is dropped and replaced by a one-line marker saying how
 * many bytes. So a command that prints gigabytes cannot exhaust the host JVM (inside the SSH library's IO thread,
 * where it would look like a network drop). Thread-safe: the SSH library writes from its own threads.
 */
public final class BoundedOutput extends OutputStream {
  /** Bytes kept from the start (the exec wrapper's pid line, a command's header). */
  public static final int HEAD_BYTES = 64 * 1024;
  /** Bytes kept from the end. */
  public static final int TAIL_BYTES = 4 * 1024 * 1024;

  private final byte[] head = new byte[HEAD_BYTES];
  private int headLength;
  private byte[] tail = new byte[4096];
  private int tailStart;
  private int tailLength;
  private long dropped;

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int toHead = Math.min(len, HEAD_BYTES - headLength);
    System.arraycopy(b, off, head, headLength, toHead);
    headLength += toHead;
    off += toHead;
    len -= toHead;
    if (len == 0) {
      return;
    }
    if (len >= TAIL_BYTES) {
      dropped += tailLength + (len - TAIL_BYTES);
      ensureTailCapacity(TAIL_BYTES);
      System.arraycopy(b, off + len - TAIL_BYTES, tail, 0, TAIL_BYTES);
      tailStart = 0;
      tailLength = TAIL_BYTES;
      return;
    }
    ensureTailCapacity(Math.min(TAIL_BYTES, tailLength + len));
    for (int i = 0; i < len; i++) {
      if (tailLength == tail.length) {
        tail[tailStart] = b[off + i];
        tailStart = (tailStart + 1) % tail.length;
        dropped++;
      } else {
        tail[(tailStart + tailLength) % tail.length] = b[off + i];
        tailLength++;
      }
    }
  }

  private void ensureTailCapacity(int needed) {
    if (needed <= tail.length) {
      return;
    }
    int size = tail.length;
    while (size < needed) {
      size = Math.min(TAIL_BYTES, size * 2);
    }
    byte[] grown = new byte[size];
    for (int i = 0; i < tailLength; i++) {
      grown[i] = tail[(tailStart + i) % tail.length];
    }
    tail = grown;
    tailStart = 0;
  }

  /** How many bytes were dropped. */
  public synchronized long dropped() {
    return dropped;
  }

  /** The kept output, with a marker line where bytes were dropped. */
  public synchronized String toString(Charset charset) {
    byte[] ordered = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      ordered[i] = tail[(tailStart + i) % tail.length];
    }
    String start = new String(head, 0, headLength, charset);
    String end = new String(ordered, charset);
    if (dropped == 0) {
      return start + end;
    }
    return start + "\n[remotegpu: " + dropped + " bytes of output dropped; only the first " + HEAD_BYTES
        + " and the last " + TAIL_BYTES + " are kept]\n" + end;
  }
}
