package dev.remotegpu.core.checkpoint.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The default bounded read of a {@link dev.remotegpu.core.checkpoint.CheckpointStore}: a stream cut at a length. */
public final class StoreRanges {
  private StoreRanges() {}

  /** {@code in} ending after {@code length} bytes (or earlier, where it ends); closing it closes {@code in}. */
  public static InputStream bounded(InputStream in, long length) {
    return new FilterInputStream(in) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (left <= 0) {
          return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, left));
        left -= skipped;
        return skipped;
      }

      @Override
      public int available() throws IOException {
        return (int) Math.min(left, super.available());
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    };
  }
}
