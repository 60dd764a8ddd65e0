package dev.remotegpu.core.checkpoint;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store whose reads fail like a dropped connection once a byte budget is spent. It is no local store (no
 * {@link #localPath}), so a sync reads back what it wrote through the store; it counts positional writes.
 */
class FlakyStore implements CheckpointStore {
  private final CheckpointStore delegate;
  private final AtomicLong budget;
  /** Pieces written at an offset, and the most written at once. */
  final java.util.concurrent.atomic.AtomicInteger writesAt = new java.util.concurrent.atomic.AtomicInteger();
  final java.util.concurrent.atomic.AtomicInteger mostWritersAtOnce = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger writers = new java.util.concurrent.atomic.AtomicInteger();

  FlakyStore(CheckpointStore delegate, long budgetBytes) {
    this.delegate = delegate;
    this.budget = new AtomicLong(budgetBytes);
  }

  @Override
  public String location() {
    return "flaky:" + delegate.location();
  }

  @Override
  public List<StoredFile> files(String dir) throws IOException {
    return delegate.files(dir);
  }

  @Override
  public List<String> directories(String dir) throws IOException {
    return delegate.directories(dir);
  }

  @Override
  public boolean exists(String path) throws IOException {
    return delegate.exists(path);
  }

  @Override
  public InputStream open(String path, long offset) throws IOException {
    InputStream in = delegate.open(path, offset);
    if (path.endsWith(CheckpointManifest.FILE_NAME)) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        long left = budget.get();
        if (left <= 0) {
          throw new IOException("connection dropped (injected)");
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          budget.addAndGet(-n);
        }
        return n;
      }
    };
  }

  @Override
  public OutputStream append(String path) throws IOException {
    return delegate.append(path);
  }

  @Override
  public java.util.Optional<OffsetWrites> offsetWrites() {
    return delegate.offsetWrites().map(writes -> (path, offset) -> writeAt(writes, path, offset));
  }

  /** Writes at an offset through the delegate's {@code writes}, counting the writers (tests override it to watch). */
  OutputStream writeAt(OffsetWrites writes, String path, long offset) throws IOException {
    OutputStream out = writes.writeAt(path, offset);
    writesAt.incrementAndGet();
    mostWritersAtOnce.accumulateAndGet(writers.incrementAndGet(), Math::max);
    return new java.io.FilterOutputStream(out) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          writers.decrementAndGet();
        }
        super.close();
      }
    };
  }

  @Override
  public void move(String from, String to) throws IOException {
    delegate.move(from, to);
  }

  @Override
  public void discardTemporary(String path) throws IOException {
    delegate.discardTemporary(path);
  }

  @Override
  public void setModified(String path, Instant modified) throws IOException {
    delegate.setModified(path, modified);
  }

  @Override
  public Optional<java.nio.file.Path> localPath(String path) {
    return Optional.empty();
  }
}
