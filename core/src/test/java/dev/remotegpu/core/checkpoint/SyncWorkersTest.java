package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of one sync move on several workers, each hashing on a thread of its own: a failure stops them all at
 * once, and the sync returns only when none of its threads still reads, writes or hashes, even when the caller is
 * interrupted. Both cases were found by a reviewer asked to break the hashing change; both failed before the fix.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SyncWorkersTest {
  @TempDir Path remoteRoot;
  @TempDir Path localRoot;

  private static final int K = 1024;
  private static final int BUF = 256 * K;

  /** The sync's hashing threads still alive after up to {@code millis}. */
  static List<String> hashersAfter(String id, long millis) throws InterruptedException {
    return threadsAfter("remotegpu-sha256-" + id, millis);
  }

  /** The sync's worker threads still alive after up to {@code millis} (a pool's threads end just after its tasks). */
  static List<String> workersAfter(String id, long millis) throws InterruptedException {
    return threadsAfter("remotegpu-sync-" + id, millis);
  }

  private static List<String> threadsAfter(String name, long millis) throws InterruptedException {
    List<String> alive = threadsNamed(name);
    for (long end = System.nanoTime() + millis * 1_000_000; !alive.isEmpty() && System.nanoTime() < end; ) {
      Thread.sleep(20);
      alive = threadsNamed(name);
    }
    return alive;
  }

  private static List<String> threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(name::equals).toList();
  }

  /** A store that delegates, with hooks on the data streams (not the manifest's). */
  static class HookStore implements CheckpointStore {
    final CheckpointStore d;
    final boolean local;
    BiFunction<String, InputStream, InputStream> onOpen = (p, in) -> in;
    BiFunction<String, OutputStream, OutputStream> onAppend = (p, out) -> out;
    Runnable beforeOpen = () -> {};

    HookStore(CheckpointStore d, boolean local) {
      this.d = d;
      this.local = local;
    }

    @Override public String location() { return "hook:" + d.location(); }
    @Override public List<StoredFile> files(String dir) throws IOException { return d.files(dir); }
    @Override public List<StoredFile> files(String dir, Collection<String> paths) throws IOException {
      return d.files(dir, paths);
    }
    @Override public List<String> directories(String dir) throws IOException { return d.directories(dir); }
    @Override public boolean exists(String path) throws IOException { return d.exists(path); }

    @Override
    public InputStream open(String path, long offset) throws IOException {
      if (path.endsWith(CheckpointManifest.FILE_NAME) || path.startsWith("export/.partial")) {
        return d.open(path, offset); // the manifest, or a kept prefix read back
      }
      beforeOpen.run();
      return onOpen.apply(path, d.open(path, offset));
    }

    @Override
    public OutputStream append(String path) throws IOException {
      OutputStream out = d.append(path);
      return path.endsWith(".bin.tmp") || path.endsWith(".pth.tmp") ? onAppend.apply(path, out) : out;
    }

    @Override public void move(String from, String to) throws IOException { d.move(from, to); }
    @Override public void discardTemporary(String path) throws IOException { d.discardTemporary(path); }
    @Override public void setModified(String path, Instant modified) throws IOException { d.setModified(path, modified); }
    @Override public void makeDirectories(Collection<String> dirs) throws IOException { d.makeDirectories(dirs); }
    @Override public Optional<Path> localPath(String path) { return local ? d.localPath(path) : Optional.empty(); }
  }

  /**
   * One file (the 8th submitted) fails at once while 15 others crawl: the others stop and the sync ends promptly,
   * reporting that file. It took about 10 s before: the failure stopped the others only once the files submitted
   * before it had finished.
   */
  @Test
  void oneFailingFileStopsFifteenSlowOnesPromptly() throws Exception {
    oneFailingFileAmongSlowOnes("f07.bin", "abort16");
  }

  void oneFailingFileAmongSlowOnes(String failing, String id) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Random rnd = new Random(5);
    for (int i = 0; i < 40; i++) {
      files.put(String.format("f%02d.bin", i), Bundles.random(rnd, BUF + i)); // 64 reads of 4 KiB, 150 ms each
    }
    Bundles.sealed(remoteRoot, id, files, 1_000);
    HookStore src = new HookStore(LocalCheckpointStore.at(remoteRoot), true);
    CountDownLatch fifteen = new CountDownLatch(15);
    src.onOpen = (p, in) -> new FilterInputStream(in) {
      boolean counted;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (p.endsWith("/" + failing)) {
          try {
            fifteen.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
          }
          throw new IOException(failing + " breaks (injected)");
        }
        if (!counted) {
          counted = true;
          fifteen.countDown();
        }
        try {
          Thread.sleep(150);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted");
        }
        return super.read(b, off, Math.min(len, 4096));
      }
    };
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> CheckpointSync.builder().concurrency(16).build()
        .pull(src, LocalCheckpointStore.at(localRoot), id)).isInstanceOf(CheckpointTransferException.class)
        .hasMessageContaining(failing);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).as("ms from the first failure to the sync ending").isLessThan(3_000);
    assertThat(hashersAfter(id, 2000)).isEmpty();
    assertThat(workersAfter(id, 1_000)).isEmpty();
  }

  /**
   * The caller is interrupted while its workers are still opening their sources (a store whose open ignores
   * interrupts, like a network round trip): the sync ends, and none of its threads outlives it. Before, the sync
   * returned without waiting for its workers, and each whose open returned afterwards started a hashing thread that
   * nobody ended.
   */
  @Test
  void anInterruptedConcurrentPullLeavesNoHashingThread() throws Exception {
    String id = "intr8";
    Map<String, byte[]> files = new LinkedHashMap<>();
    Random rnd = new Random(8);
    for (int i = 0; i < 8; i++) {
      files.put("f" + i + ".bin", Bundles.random(rnd, BUF + i));
    }
    Bundles.sealed(remoteRoot, id, files, 1_000);
    CountDownLatch opening = new CountDownLatch(1);
    // A remote source: its open is a 1 s round trip that does not give up when interrupted (the interrupt is kept
    // for the caller), and its stream is a network stream that ignores interrupts.
    HookStore src = new HookStore(LocalCheckpointStore.at(remoteRoot), true) {
      @Override
      public InputStream open(String path, long offset) throws IOException {
        if (path.endsWith(CheckpointManifest.FILE_NAME)) {
          return d.open(path, offset);
        }
        byte[] all = Files.readAllBytes(remoteRoot.resolve(path));
        opening.countDown();
        long end = System.nanoTime() + 1_000_000_000L;
        boolean interrupted = false;
        while (System.nanoTime() < end) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return new java.io.ByteArrayInputStream(all, (int) offset, all.length - (int) offset);
      }
    };
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        CheckpointSync.builder().concurrency(8).build().pull(src, LocalCheckpointStore.at(localRoot), id);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    caller.start();
    assertThat(opening.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100);
    caller.interrupt();
    caller.join(5_000);
    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(CheckpointTransferException.class).hasMessageContaining("was cut");
    assertThat(workersAfter(id, 1_000)).as("sync workers alive after the interrupted sync returned").isEmpty();
    Thread.sleep(1_500); // any open still running would return now
    assertThat(hashersAfter(id, 1_000)).as("hashing threads alive after the interrupted sync returned").isEmpty();
  }
}
