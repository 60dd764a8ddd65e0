package dev.remotegpu.ssh.internal.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.function.IntSupplier;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Reads a remote file from an offset to its end (or for a given length) with many SFTP read requests in flight,
 * delivered in order.
 * How many is asked of {@code depth} before each refill, so the store can share a link-sized budget between
 * the files open at the moment (see {@link LinkTuning#readsPerFile}). The file's size is asked with an
 * {@code FSTAT} sent together with the first reads, so it costs no round trip of its own; it tells a short
 * last read from a server that answers less than asked in the middle of a file (MINA's SFTP server answers at
 * most 63 KiB). The first such short answer teaches the server's limit: the rest of every read still in
 * flight is asked for at once, in pieces of that size, and later requests shrink to it, so no byte is skipped,
 * no answer is wasted, and the lesson costs one round trip instead of one per read in flight.
 */
final class PipelinedSftpInput extends InputStream {
  /** One read in flight. */
  private record Request(int id, long offset, int length, long askedNanos) {}

  private final RawSftpClient raw;
  private final int version;
  private final SftpClient.CloseableHandle handle;
  private final byte[] handleId;
  private final String path;
  private final IntSupplier depth;
  private final ReadPacing pacing;
  private final java.util.function.Consumer<SftpClient.CloseableHandle> closeHandle;
  private final Runnable onClose;
  private final ArrayDeque<Request> inFlight = new ArrayDeque<>();
  private int ioSize;
  private int sizeRequest = -1;
  private long size = -1;
  private long nextRequest;
  private final long limit;
  private long position;
  private boolean endSeen;
  private boolean closed;
  private byte[] data = new byte[0];
  private int dataPos;
  private int dataEnd;

  /** Reads {@code [offset, offset + length)} of the file, or to its end if that comes first; no read is asked past. */
  PipelinedSftpInput(SftpClient client, SftpClient.CloseableHandle handle, String path, long offset, long length,
      int ioSize, IntSupplier depth, ReadPacing pacing,
      java.util.function.Consumer<SftpClient.CloseableHandle> closeHandle, Runnable onClose) {
    if (!(client instanceof RawSftpClient rawClient)) {
      throw new IllegalArgumentException("pipelined reads need MINA's raw SFTP client, not "
          + client.getClass().getName());
    }
    this.raw = rawClient;
    this.version = client.getVersion();
    this.handle = handle;
    this.handleId = handle.getIdentifier();
    this.path = path;
    this.ioSize = ioSize;
    this.depth = depth;
    this.pacing = pacing;
    this.closeHandle = closeHandle;
    this.onClose = onClose;
    this.nextRequest = offset;
    this.limit = offset + length;
    this.position = offset;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("read of " + path + " after close");
    }
    if (len == 0) {
      return 0;
    }
    while (dataPos == dataEnd) {
      if (endSeen) {
        return -1;
      }
      fill();
    }
    int n = Math.min(len, dataEnd - dataPos);
    System.arraycopy(data, dataPos, b, off, n);
    dataPos += n;
    position += n;
    return n;
  }

  /** Tops up the requests in flight, then takes the oldest answer. */
  private void fill() throws IOException {
    if (sizeRequest < 0 && size < 0) {
      Buffer fstat = new ByteArrayBuffer(handleId.length + 2 * Integer.BYTES, false);
      fstat.putBytes(handleId);
      if (version >= SftpConstants.SFTP_V4) {
        fstat.putUInt(SftpConstants.SSH_FILEXFER_ATTR_SIZE); // from version 4 on, FSTAT names the attributes wanted
      }
      sizeRequest = raw.send(SftpConstants.SSH_FXP_FSTAT, fstat);
    }
    int wanted = Math.max(2, depth.getAsInt());
    while (inFlight.size() < wanted && (size < 0 || nextRequest < size) && nextRequest < limit) {
      int length = (int) Math.min(ioSize, limit - nextRequest);
      inFlight.add(request(nextRequest, length));
      nextRequest += length;
    }
    Request oldest = inFlight.poll();
    if (oldest == null) {
      endSeen = true; // every byte up to the size is delivered
      return;
    }
    Buffer answer = raw.receive(oldest.id());
    knownSize(); // answered before the first read (the server answers in order), so this never waits long
    answer.getInt(); // length
    int type = answer.getUByte();
    answer.getInt(); // request id
    if (type == SftpConstants.SSH_FXP_STATUS) {
      int status = answer.getInt();
      if (status == SftpConstants.SSH_FX_EOF) {
        endSeen = true;
        drain();
        return;
      }
      String message = answer.available() > 4 ? answer.getString() : "";
      throw new SftpException(status, "reading " + path + " at byte " + oldest.offset() + " failed: " + message);
    }
    if (type != SftpConstants.SSH_FXP_DATA) {
      throw new IOException("unexpected SFTP answer type " + type + " while reading " + path);
    }
    // A server may answer more than a read that was cut short below (the rest is then asked for separately).
    int length = Math.min(answer.getInt(), oldest.length());
    pacing.answered(oldest.askedNanos(), System.nanoTime(), length);
    data = answer.array();
    dataPos = answer.rpos();
    dataEnd = dataPos + length;
    if (length < oldest.length() && oldest.offset() + length < knownSize()) {
      // A short answer inside the file: the server's limit. Ask for this read's rest and for the part of every
      // read in flight beyond the limit now, so each is answered in this round trip rather than one by one.
      ioSize = Math.max(1, Math.min(ioSize, length));
      ArrayDeque<Request> replanned = new ArrayDeque<>();
      completeAfter(oldest.offset() + length, oldest.offset() + oldest.length(), replanned);
      for (Request r : inFlight) {
        int expected = Math.min(r.length(), ioSize);
        replanned.add(new Request(r.id(), r.offset(), expected, r.askedNanos()));
        completeAfter(r.offset() + expected, r.offset() + r.length(), replanned);
      }
      inFlight.clear();
      inFlight.addAll(replanned);
    }
  }

  /** Asks for {@code [from, to)} in reads of at most {@link #ioSize}, queued in order behind {@code queue}. */
  private void completeAfter(long from, long to, ArrayDeque<Request> queue) throws IOException {
    long end = Math.min(Math.min(to, limit), knownSize());
    for (long offset = from; offset < end; offset += ioSize) {
      queue.add(request(offset, (int) Math.min(ioSize, end - offset)));
    }
  }

  private Request request(long offset, int length) throws IOException {
    Buffer read = new ByteArrayBuffer(handleId.length + Long.BYTES + 2 * Integer.BYTES, false);
    read.putBytes(handleId);
    read.putLong(offset);
    read.putUInt(length);
    return new Request(raw.send(SftpConstants.SSH_FXP_READ, read), offset, length, System.nanoTime());
  }

  /** The size from the FSTAT answer (received once, when first needed); unknown sizes count as endless. */
  private long knownSize() throws IOException {
    if (size < 0 && sizeRequest >= 0) {
      Buffer answer = raw.receive(sizeRequest);
      sizeRequest = -1;
      answer.getInt(); // length
      int type = answer.getUByte();
      answer.getInt(); // request id
      size = Long.MAX_VALUE;
      if (type == SftpConstants.SSH_FXP_ATTRS) {
        int flags = answer.getInt();
        if (version >= SftpConstants.SFTP_V4) {
          answer.getUByte(); // file type, before the size from version 4 on
        }
        if ((flags & SftpConstants.SSH_FILEXFER_ATTR_SIZE) != 0) {
          size = answer.getLong();
        }
      }
    }
    return size < 0 ? Long.MAX_VALUE : size;
  }

  /** Receives and drops every answer still in flight, so none is left behind in the client. */
  private void drain() throws IOException {
    for (Request r; (r = inFlight.poll()) != null; ) {
      raw.receive(r.id());
    }
    if (sizeRequest >= 0) {
      raw.receive(sizeRequest);
      sizeRequest = -1;
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      try {
        drain();
      } finally {
        closeHandle.accept(handle); // by the store: possibly without waiting for the server's answer
      }
    } finally {
      onClose.run();
    }
  }
}
