package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointVerificationException;
import dev.remotegpu.core.checkpoint.ManifestFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One big file moved as pieces over several streams at once (see {@link RangePlan}): workers take the pieces in
 * order from a shared queue, read each from the source's range and write it at its offset in the file's partial ({@link StagingNames}).
 * The calling thread meanwhile records every piece whose stream closed cleanly (all its writes acknowledged) in the
 * {@link RangeRecord} (one append stream kept open, flushed per batch, so recording waits for no round trip),
 * coalescing what finished while it was busy, and hashes the file in order, each contiguous run of finished pieces
 * in one read: on a pull from the target's local file (what landed, from the page cache); on a push, the pieces
 * this sync sent from the local source they were read from (as a single stream hashes what it sends: reading them
 * back from the server measured slower on 2 cores, see README) and the pieces kept from an earlier sync back from
 * the target through its bounded read (only what is there counts). The whole-file SHA-256 is checked
 * against the manifest before the caller renames the file into place, as for a single stream. A resumed transfer
 * sends only the pieces the record lacks; when the hash then fails, the file starts again from nothing once.
 * Memory: one buffer per worker and one for the hasher, whatever the file or piece size.
 */
final class RangedTransfer {
  private static final int BUFFER = 256 * 1024;
  private static final long PROGRESS_EVERY = 1 << 20;
  /** The digest of a file the target holds less of than the manifest lists: equal to no SHA-256. */
  private static final String SHORT = "short";

  /** Where the engine counts the bytes of a ranged file. */
  interface Meter {
    /** The file starts (again), {@code kept} bytes already at the target. */
    void started(long kept);

    /** {@code n} more bytes sent. */
    void sent(long n);

    /** {@code n} bytes kept from an earlier sync. */
    void resumed(long n);

    /** A restart takes back {@code done} bytes counted for this file, {@code resumed} of them kept ones. */
    void undone(long done, long resumed);

    /** A point to report progress. */
    void progress();
  }

  private final CheckpointStore source;
  private final CheckpointStore target;
  private final CheckpointStore.OffsetWrites writes;
  private final String sourcePath;
  private final String tmpPath;
  private final String recordPath;
  private final ManifestFile file;
  private final RangePlan plan;
  private final Meter meter;
  private final BooleanSupplier aborted;
  private final String sourceLocation;

  private final Object lock = new Object();
  private BitSet acked;
  private final List<Integer> unrecorded = new ArrayList<>();
  private Throwable failure;
  private int workersLeft;
  private volatile boolean stop;
  private OutputStream recordOut;

  RangedTransfer(CheckpointStore source, String sourceDir, CheckpointStore target, String stagingDir,
      ManifestFile file, RangePlan plan, Meter meter, BooleanSupplier aborted) {
    this.source = source;
    this.target = target;
    this.writes = target.offsetWrites().orElseThrow(() -> new IllegalArgumentException(target.location()
        + " writes files only from their end: " + file.path() + " must move as one stream"));
    this.sourcePath = sourceDir + "/" + file.path();
    this.tmpPath = stagingDir + "/" + StagingNames.partialOf(file.path());
    this.recordPath = stagingDir + "/" + StagingNames.recordOf(file.path());
    this.file = file;
    this.plan = plan;
    this.meter = meter;
    this.aborted = aborted;
    this.sourceLocation = source.location() + "/" + sourceDir;
  }

  /**
   * Leaves the file's partial holding it, hashed equal to the manifest, and no record. {@code keptBytes} is
   * the size of a partial an earlier sync left ({@code -1}: none) and {@code recordKept} whether it left
   * a record. Throws {@link CheckpointVerificationException} when the source does not match the manifest, an
   * {@link IOException} when cut (the record and the file are kept, so running again resumes).
   */
  void run(long keptBytes, boolean recordKept) throws IOException {
    try {
      runRecorded(keptBytes, recordKept);
    } finally {
      if (recordOut != null) {
        try {
          closeRecord();
        } catch (IOException e) {
          // the transfer's own failure, already on its way, says more: the record is only a hint
        }
      }
    }
  }

  private void runRecorded(long keptBytes, boolean recordKept) throws IOException {
    BitSet kept = kept(keptBytes, recordKept);
    for (int attempt = 0; ; attempt++) {
      long keptTotal = 0;
      for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
        keptTotal += plan.length(i);
      }
      if (keptTotal > 0) {
        meter.resumed(keptTotal);
      }
      meter.started(keptTotal);
      String hex = transfer(kept);
      closeRecord();
      if (hex.equals(file.sha256())) {
        target.discardTemporary(recordPath);
        return;
      }
      meter.undone(file.bytes(), keptTotal);
      target.discardTemporary(tmpPath);
      target.discardTemporary(recordPath);
      if (keptTotal > 0 && attempt == 0) {
        // A kept piece did not hold the file's bytes (changed since, or never written): start again, once.
        kept = fresh();
        continue;
      }
      throw new CheckpointVerificationException(sourceLocation, List.of("sha256 mismatch for " + file.path()
          + " (the source does not match its manifest: rebuild the manifest or re-seal the run)"));
    }
  }

  /** The pieces to trust as written: the record's, a single stream's contiguous prefix, or none (started afresh). */
  private BitSet kept(long keptBytes, boolean recordKept) throws IOException {
    if (keptBytes < 0 || keptBytes > file.bytes()) {
      return fresh();
    }
    if (recordKept) {
      Optional<BitSet> recorded = readRecord();
      return recorded.isPresent() ? recorded.get() : fresh();
    }
    // A single-stream transfer wrote the file from its start: the whole pieces inside its size are there.
    BitSet prefix = new BitSet(plan.pieces());
    for (int i = 0; i < plan.pieces() && plan.offset(i) + plan.length(i) <= keptBytes; i++) {
      prefix.set(i);
    }
    writeRecord(RangeRecord.header(plan, file.sha256()));
    record(prefix.stream().boxed().toList());
    return prefix;
  }

  private Optional<BitSet> readRecord() throws IOException {
    byte[] bytes;
    try (InputStream in = target.open(recordPath, 0, RangeRecord.MAX_BYTES + 1L)) {
      bytes = in.readAllBytes();
    }
    return bytes.length > RangeRecord.MAX_BYTES ? Optional.empty()
        : RangeRecord.parse(bytes, plan, file.sha256());
  }

  private BitSet fresh() throws IOException {
    closeRecord();
    target.discardTemporary(tmpPath);
    target.discardTemporary(recordPath);
    writeRecord(RangeRecord.header(plan, file.sha256()));
    return new BitSet(plan.pieces());
  }

  private void writeRecord(byte[] bytes) throws IOException {
    if (recordOut == null) {
      recordOut = target.append(recordPath);
    }
    recordOut.write(bytes);
    recordOut.flush();
  }

  private void closeRecord() throws IOException {
    OutputStream out = recordOut;
    recordOut = null;
    if (out != null) {
      out.close();
    }
  }

  private void record(List<Integer> pieces) throws IOException {
    if (!pieces.isEmpty()) {
      writeRecord(RangeRecord.lines(pieces));
    }
  }

  /** Sends the pieces not in {@code kept} while hashing the file in order; returns the file's SHA-256. */
  private String transfer(BitSet kept) throws IOException {
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < plan.pieces(); i++) {
      if (!kept.get(i)) {
        todo.add(i);
      }
    }
    synchronized (lock) {
      acked = (BitSet) kept.clone();
      unrecorded.clear();
      failure = null;
      stop = false;
      workersLeft = Math.min(plan.streams(), todo.size());
    }
    AtomicInteger next = new AtomicInteger();
    int workers = Math.min(plan.streams(), todo.size());
    ExecutorService pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "remotegpu-ranges " + file.path());
      t.setDaemon(true);
      return t;
    });
    for (int w = 0; w < workers; w++) {
      pool.execute(() -> work(todo, next));
    }
    try {
      return hashInOrder(kept);
    } catch (IOException | RuntimeException | Error e) {
      synchronized (lock) {
        stop = true;
        if (failure == null) {
          failure = e;
        }
      }
      throw e;
    } finally {
      if (pool != null) {
        pool.shutdown();
        awaitWorkers(pool);
      }
      // Whatever finished before a failure stays recorded, so the next sync does not send it again.
      List<Integer> last;
      synchronized (lock) {
        last = new ArrayList<>(unrecorded);
        unrecorded.clear();
      }
      boolean failed;
      synchronized (lock) {
        failed = failure != null;
      }
      if (failed) {
        try {
          record(last);
          closeRecord();
        } catch (IOException e) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  private static void awaitWorkers(ExecutorService pool) {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true; // no worker may still write when the transfer returns: wait for them first
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void work(List<Integer> todo, AtomicInteger next) {
    try {
      for (int k; !stop && !aborted.getAsBoolean() && (k = next.getAndIncrement()) < todo.size(); ) {
        int piece = todo.get(k);
        sendPiece(piece);
        synchronized (lock) {
          acked.set(piece);
          unrecorded.add(piece);
          lock.notifyAll();
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      synchronized (lock) {
        if (failure == null) {
          failure = e;
        }
        stop = true;
      }
    } finally {
      synchronized (lock) {
        workersLeft--;
        lock.notifyAll();
      }
    }
  }

  private void sendPiece(int piece) throws IOException {
    long offset = plan.offset(piece);
    long length = plan.length(piece);
    byte[] buffer = new byte[BUFFER];
    long moved = 0;
    long sinceProgress = 0;
    try (InputStream in = source.open(sourcePath, offset, length);
        OutputStream out = writes.writeAt(tmpPath, offset)) {
      for (int n; moved < length && (n = in.read(buffer, 0, (int) Math.min(buffer.length, length - moved))) >= 0; ) {
        if (stop || aborted.getAsBoolean()) {
          throw new IOException("stopped because another piece or file of the same sync failed");
        }
        out.write(buffer, 0, n);
        moved += n;
        meter.sent(n);
        sinceProgress += n;
        if (sinceProgress >= PROGRESS_EVERY) {
          sinceProgress = 0;
          meter.progress();
        }
      }
    }
    if (moved < length) {
      throw new CheckpointVerificationException(sourceLocation, List.of(file.path() + " at the source ended at byte "
          + (offset + moved) + " but its manifest lists " + file.bytes() + " bytes: it changed after the bundle was"
          + " sealed; re-seal the run under a new id"));
    }
  }

  /** Records finished pieces as they come and hashes the file piece by piece in order; returns the digest. */
  private String hashInOrder(BitSet kept) throws IOException {
    MessageDigest md = Sha256.newDigest();
    byte[] buffer = new byte[BUFFER];
    Optional<Path> targetFile = target.localPath(tmpPath);
    Optional<Path> sourceFile = targetFile.isPresent() ? Optional.empty() : source.localPath(sourcePath);
    boolean whole = true;
    for (int piece = 0; piece < plan.pieces(); ) {
      List<Integer> batch;
      boolean ready;
      synchronized (lock) {
        while (unrecorded.isEmpty() && !acked.get(piece) && failure == null && workersLeft > 0) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while moving " + file.path(), e);
          }
        }
        batch = new ArrayList<>(unrecorded);
        unrecorded.clear();
        ready = acked.get(piece);
        if (failure != null) {
          unrecorded.addAll(batch); // recorded once the workers stopped
          throw asIo(failure);
        }
        if (!ready && workersLeft == 0) {
          throw new IOException("piece " + piece + " of " + file.path() + " was never written");
        }
      }
      record(batch);
      if (ready) {
        boolean keptRun = kept.get(piece);
        int end = piece + 1;
        synchronized (lock) {
          while (end < plan.pieces() && acked.get(end) && kept.get(end) == keptRun) {
            end++;
          }
        }
        // The target's own file when it is local (a pull: what landed, from the page cache); else a kept piece is
        // read back from the target (an earlier sync left it: only its bytes count) and a piece this sync sent is
        // hashed from the local source it was read from (a push, as a single stream hashes what it sends).
        Optional<Path> from = targetFile.isPresent() || keptRun ? targetFile : sourceFile;
        whole &= hashRange(md, plan.offset(piece), plan.offset(end - 1) + plan.length(end - 1), from, buffer);
        piece = end;
      }
    }
    meter.progress();
    return whole ? Sha256.hex(md.digest()) : SHORT;
  }

  /**
   * Hashes {@code [offset, end)} of {@code localFile}, or of the target's partial through a bounded read
   * when there is none; false when it holds less (a short source, a hole at the end of the target's file).
   */
  private boolean hashRange(MessageDigest md, long offset, long end, Optional<Path> localFile, byte[] buffer)
      throws IOException {
    long length = end - offset;
    long fed = 0;
    if (localFile.isPresent()) {
      try (FileChannel channel = FileChannel.open(localFile.get(), StandardOpenOption.READ)) {
        ByteBuffer view = ByteBuffer.wrap(buffer);
        while (fed < length) {
          view.clear().limit((int) Math.min(buffer.length, length - fed));
          int n = channel.read(view, offset + fed);
          if (n < 0) {
            break;
          }
          md.update(buffer, 0, n);
          fed += n;
        }
      }
    } else {
      try (InputStream in = target.open(tmpPath, offset, length)) {
        for (int n; fed < length && (n = in.read(buffer, 0, (int) Math.min(buffer.length, length - fed))) >= 0; ) {
          md.update(buffer, 0, n);
          fed += n;
        }
      }
    }
    return fed == length;
  }

  private static IOException asIo(Throwable t) {
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new IOException(t);
  }
}
