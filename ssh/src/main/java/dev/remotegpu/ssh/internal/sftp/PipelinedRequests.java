package dev.remotegpu.ssh.internal.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.sftp.client.SftpClient;

/**
 * SFTP requests that do not wait for each other's answers. Directory listings and handle closes do not pay one
 * round trip per request: each directory is read
 * with two {@code READDIR}s in flight (a small directory's entries and its end arrive in the same round trip),
 * the directories of one level are listed at once, and a handle is closed without waiting for the server's
 * answer (nothing depends on it: a read handle's close only frees the server's descriptor). Over an 80 ms link
 * a bundle of two levels lists in about 4 round trips instead of 4 per directory.
 */
final class PipelinedRequests {
  /** Directories of one level listed at once. */
  static final int DIRECTORIES_AT_ONCE = 16;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ThreadPoolExecutor background;

  PipelinedRequests(String location) {
    // Unbounded only in name: at most 2 x DIRECTORIES_AT_ONCE listing tasks plus one close or size request per
    // file in flight; idle threads end after a few seconds, so a closed store leaves none behind for long.
    background = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>() {
      @Override
      public boolean offer(Runnable r) {
        return false; // hand every task to a thread, never queue it behind a blocked one
      }
    }, r -> {
      Thread t = new Thread(r, "sftp-requests-" + THREADS.incrementAndGet() + " " + location);
      t.setDaemon(true);
      return t;
    });
  }

  /** Every entry of each directory of {@code dirs}, in the same order; a missing one fails with its status. */
  List<List<SftpClient.DirEntry>> listAll(SftpClient c, List<String> dirs) throws IOException {
    List<List<SftpClient.DirEntry>> out = new ArrayList<>(dirs.size());
    for (int from = 0; from < dirs.size(); from += DIRECTORIES_AT_ONCE) {
      List<String> batch = dirs.subList(from, Math.min(dirs.size(), from + DIRECTORIES_AT_ONCE));
      if (batch.size() == 1) {
        out.add(list(c, batch.get(0)));
        continue;
      }
      List<CompletableFuture<List<SftpClient.DirEntry>>> listings = new ArrayList<>();
      for (String dir : batch) {
        listings.add(CompletableFuture.supplyAsync(() -> unchecked(() -> list(c, dir)), background));
      }
      for (CompletableFuture<List<SftpClient.DirEntry>> listing : listings) {
        out.add(join(listing));
      }
    }
    return out;
  }

  /** Every entry of one directory: two reads in flight until one says the end. */
  List<SftpClient.DirEntry> list(SftpClient c, String dir) throws IOException {
    SftpClient.CloseableHandle handle = c.openDir(dir);
    try {
      List<SftpClient.DirEntry> entries = new ArrayList<>();
      while (true) {
        CompletableFuture<List<SftpClient.DirEntry>> second =
            CompletableFuture.supplyAsync(() -> unchecked(() -> c.readDir(handle)), background);
        List<SftpClient.DirEntry> first;
        try {
          first = c.readDir(handle);
        } finally {
          second.handle((r, e) -> r).join(); // never close the handle under a read still in flight
        }
        List<SftpClient.DirEntry> other = join(second);
        // The server answers in arrival order, so either read may carry the batch and the other the end.
        if (first != null) {
          entries.addAll(first);
        }
        if (other != null) {
          entries.addAll(other);
        }
        if (first == null || other == null) {
          return entries;
        }
      }
    } finally {
      closeLater(handle);
    }
  }

  /** Runs {@code call} on a background thread, so its request travels together with the caller's next one. */
  <T> CompletableFuture<T> alongside(IoSupplier<T> call) {
    return CompletableFuture.supplyAsync(() -> unchecked(call), background);
  }

  /** The result of {@link #alongside}, its {@link IOException} rethrown as such. */
  static <T> T result(CompletableFuture<T> future) throws IOException {
    return join(future);
  }

  /** Closes {@code handle} without waiting for the answer; a failed close only leaks a server descriptor. */
  void closeLater(SftpClient.CloseableHandle handle) {
    try {
      background.execute(() -> {
        try {
          handle.close();
        } catch (IOException | RuntimeException ignored) {
          // the channel is gone, and with it the server's descriptor
        }
      });
    } catch (RejectedExecutionException e) {
      try {
        handle.close();
      } catch (IOException ignored) {
        // as above
      }
    }
  }

  /** A call that may fail with an {@link IOException}. */
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  private static <T> T unchecked(IoSupplier<T> call) {
    try {
      return call.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T join(CompletableFuture<T> future) throws IOException {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
