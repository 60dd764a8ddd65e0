package dev.remotegpu.ssh.internal;

import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A command's output held in bounded memory: the first {@link #HEAD_BYTES} bytes, and the last
 * {@link #TAIL_BYTES} in a ring buffer; what falls between is dropped and replaced by a one-line marker saying how
 * many bytes. So a command that prints gigabytes cannot exhaust the host JVM (inside the SSH library's IO thread,
 * where it would look like a network drop). A UTF-8 character cut by a drop is left out whole. Thread-safe: the SSH library writes from its own threads.
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

  /** The length of {@code bytes[0, length)} without a UTF-8 sequence cut off at its end. */
  private static int completeUtf8Length(byte[] bytes, int length) {
    int lead = length - 1;
    while (lead >= 0 && length - lead <= 3 && (bytes[lead] & 0xC0) == 0x80) {
      lead--;
    }
    if (lead < 0) {
      return length;
    }
    int b = bytes[lead] & 0xFF;
    int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return length - lead < needed ? lead : length;
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
    if (dropped == 0) {
      byte[] all = new byte[headLength + tailLength];
      System.arraycopy(head, 0, all, 0, headLength);
      System.arraycopy(ordered, 0, all, headLength, tailLength);
      return new String(all, charset);
    }
    boolean utf8 = charset.equals(StandardCharsets.UTF_8);
    int headEnd = utf8 ? completeUtf8Length(head, headLength) : headLength;
    int tailFrom = 0;
    while (utf8 && tailFrom < Math.min(3, tailLength) && (ordered[tailFrom] & 0xC0) == 0x80) {
      tailFrom++;
    }
    String start = new String(head, 0, headEnd, charset);
    String end = new String(ordered, tailFrom, tailLength - tailFrom, charset);
    return start + "\n[remotegpu: " + (dropped + headLength - headEnd + tailFrom) + " bytes of output dropped; only the first " + HEAD_BYTES
        + " and the last " + TAIL_BYTES + " are kept]\n" + end;
  }
}
