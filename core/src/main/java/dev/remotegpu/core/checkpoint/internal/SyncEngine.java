package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointTransferException;
import dev.remotegpu.core.checkpoint.CheckpointVerificationException;
import dev.remotegpu.core.checkpoint.ManifestFile;
import dev.remotegpu.core.checkpoint.PullVerified;
import dev.remotegpu.core.checkpoint.StoredFile;
import dev.remotegpu.core.checkpoint.SyncListener;
import dev.remotegpu.core.checkpoint.SyncProgress;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.checkpoint.Verifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One pull or push of one bundle. Not reusable. */
public final class SyncEngine {
  private static final int BUFFER = 256 * 1024;
  /**
   * Buffers each file's copy circulates between its reading and its hashing thread ({@link SideDigest}): 3 of 256 KiB
   * keep the hasher busy (12 measured no better on loopback) and add 512 KiB per file in flight.
   */
  private static final int HASH_BUFFERS = 3;
  private static final long PROGRESS_EVERY = 1 << 20;

  private final CheckpointStore source;
  private final CheckpointStore target;
  private final String id;
  private final boolean pull;
  private final Verifier verifier;
  private final SyncListener listener;
  private final Clock clock;
  private final int concurrency;
  private final String sourceDir;
  private final String targetDir;
  private final String staging;

  private final Object listenerLock = new Object();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong bytesResumed = new AtomicLong();
  private final AtomicLong bytesDone = new AtomicLong();
  private final AtomicLong filesDone = new AtomicLong();
  private final AtomicLong filesSent = new AtomicLong();
  private final AtomicLong filesSkipped = new AtomicLong();
  private long startNanos;
  private volatile boolean aborted;
  private CheckpointManifest manifest;
  /**
   * Whether the bundle published under this id on the target is replaced (its manifest differs from the source's,
   * or its files no longer match): it is set aside only when the new bundle is about to be published, so a cut, a
   * crash or a failed verification before that leaves the earlier verified copy published.
   */
  private boolean replacesPublished;
  private int streamsPerFile;
  private long pieceBytes;
  /**
   * Streams a ranged file may add to its own, shared by all files in flight: a sync never runs more streams at once
   * than the larger of its files in flight and its streams per file (each stream holds a buffer and a channel's
   * requests), however many big files move together.
   */
  private final Semaphore extraStreams = new Semaphore(0);
  /** The threads that hash the files being copied (one per file in flight), made on first use, ended by run. */
  private ExecutorService hashers;
  /** Set when run ends: no copy may start hashing after it (none should be running). */
  private boolean hashersEnded;
  private final Object hashersLock = new Object();

  /** One transfer of bundle {@code id} from {@code source} to {@code target}; {@code pull} adds verify-by-load. */
  public SyncEngine(CheckpointStore source, CheckpointStore target, String id, boolean pull, Verifier verifier,
      SyncListener listener, Clock clock, int concurrency) {
    this.source = source;
    this.target = target;
    this.id = StoreListing.checkId(id);
    this.pull = pull;
    this.verifier = verifier;
    this.listener = listener;
    this.clock = clock;
    this.concurrency = concurrency;
    this.sourceDir = CheckpointStore.exportDir(id);
    this.targetDir = CheckpointStore.exportDir(id);
    this.staging = CheckpointStore.partialDir(id);
  }

  /**
   * Splits each big file into ranges moved over {@code streamsPerFile} streams at once (0: as many as the stores
   * prefer, see {@link CheckpointStore#writeStreamsPerFile()}), in pieces of {@code pieceBytes} (0: picked from the
   * file's size, see {@link RangePlan}). Returns this engine.
   */
  public SyncEngine ranges(int streamsPerFile, long pieceBytes) {
    this.streamsPerFile = streamsPerFile;
    this.pieceBytes = pieceBytes;
    return this;
  }

  /**
   * Runs the transfer; throws {@link CheckpointTransferException} when cut, so running it again resumes. A local
   * target is locked for the bundle for the whole sync: a second sync of the same id into it meanwhile is refused.
   */
  public SyncResult run() {
    startNanos = System.nanoTime();
    try (TargetLock lock = TargetLock.take(target, id)) {
      return runChecked();
    } catch (IOException e) {
      throw cut(e, "");
    } finally {
      synchronized (hashersLock) {
        hashersEnded = true;
        if (hashers != null) {
          hashers.shutdownNow(); // every copy has finished or abandoned its hash: the threads are idle or ending
        }
      }
    }
  }

  private ExecutorService hashers() throws IOException {
    synchronized (hashersLock) {
      if (hashersEnded) {
        throw new IOException("the " + (pull ? "pull" : "push") + " of " + id + " has ended");
      }
      if (hashers == null) {
        hashers = Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "remotegpu-sha256-" + id);
          t.setDaemon(true);
          return t;
        });
      }
      return hashers;
    }
  }

  private CheckpointTransferException cut(Exception e, String path) {
    return new CheckpointTransferException((pull ? "pull" : "push") + " of checkpoint " + id + " from "
        + source.location() + " to " + target.location() + " was cut" + (path.isEmpty() ? "" : " at " + path)
        + " (" + e + "); the bytes received are kept in " + staging
        + ": run the same " + (pull ? "pull" : "push") + " again to resume", id, e);
  }

  private SyncResult runChecked() throws IOException {
    String manifestPath = sourceDir + "/" + CheckpointManifest.FILE_NAME;
    byte[] manifestBytes = StoreListing.readIfExists(source, manifestPath).orElseThrow(() ->
        new NotFoundException("no published checkpoint " + id + " in " + source.location() + " (missing "
            + manifestPath + "): seal the run first so it has a manifest", id, null));
    manifest = CheckpointManifest.parse(manifestBytes);
    synchronized (listenerLock) {
      listener.started(id, manifest.totalFiles(), manifest.totalBytes());
    }

    Optional<SyncResult> already = alreadyPublished(manifestBytes);
    if (already.isPresent()) {
      return already.get();
    }

    Map<String, StoredFile> sourceFiles =
        index(source.files(sourceDir, manifest.files().stream().map(ManifestFile::path).toList()));
    List<String> problems = new ArrayList<>();
    for (ManifestFile f : manifest.files()) {
      StoredFile s = sourceFiles.get(f.path());
      if (s == null) {
        problems.add("manifest file missing at the source: " + f.path());
      } else if (s.bytes() != f.bytes()) {
        problems.add("size mismatch at the source for " + f.path() + ": manifest " + f.bytes() + ", found "
            + s.bytes());
      }
    }
    if (!problems.isEmpty()) {
      throw new CheckpointVerificationException(source.location() + "/" + sourceDir, problems);
    }
    Map<String, StoredFile> staged = index(target.files(staging));
    // Every directory the files go into, made in one exchange before the writers start (not level by level in each).
    target.makeDirectories(manifest.files().stream().map(f -> parentOf(staging + "/" + f.path())).distinct().toList());
    transferAll(sourceFiles, staged);

    List<String> roster = Verification.rosterProblems(manifest, withoutLeftovers(target.files(staging)));
    if (!roster.isEmpty()) {
      List<String> withAdvice = new ArrayList<>(roster);
      withAdvice.add("delete " + staging + " at " + target.location() + " if it holds an older bundle");
      throw new CheckpointVerificationException(target.location() + "/" + staging, withAdvice);
    }
    StoreListing.writeAtomically(target, staging + "/" + CheckpointManifest.FILE_NAME, manifestBytes);
    Optional<Verification.Loaded> loaded = Optional.empty();
    if (pull) {
      loaded = Optional.of(verifyStaged(manifestBytes));
    }
    Optional<String> aside = replacesPublished ? Optional.of(setAside()) : Optional.empty();
    try {
      target.publish(id);
    } catch (IOException | RuntimeException e) {
      aside.ifPresent(a -> putBack(a, e)); // the earlier verified copy stays the published one
      throw e;
    }
    if (loaded.isPresent()) {
      // The stamps were taken in staging once the verifier was done (a rename of their directory changes neither a
      // file's times nor its inode), so they stand for bytes hashed to the manifest.
      new VerificationSidecar(loaded.get().record().manifestSha256(), verifier != Verifier.NONE,
          loaded.get().stamps()).writeTo(target, id);
    }
    SyncResult result = result(false, loaded.map(Verification.Loaded::record));
    synchronized (listenerLock) {
      listener.finished(result);
    }
    return result;
  }

  private Optional<SyncResult> alreadyPublished(byte[] manifestBytes) throws IOException {
    Optional<byte[]> published = StoreListing.readIfExists(target, targetDir + "/" + CheckpointManifest.FILE_NAME);
    if (published.isEmpty()) {
      return Optional.empty();
    }
    if (!Arrays.equals(published.get(), manifestBytes)) {
      // The source was sealed again under this id: what is published here is not what is there now. The old
      // bundle is set aside (never deleted) when the new one is published, not before.
      supersede("its manifest differs from the source's");
      return Optional.empty();
    }
    List<String> problems = Verification.rosterProblems(manifest, target.files(targetDir));
    Optional<Path> localDir = target.localPath(targetDir);
    String manifestSha = Sha256.of(manifestBytes);
    Map<String, String> stamps = localDir.flatMap(VerificationSidecar::readBeside)
        .filter(s -> s.manifestSha256().equals(manifestSha)).map(VerificationSidecar::stamps).orElse(Map.of());
    if (problems.isEmpty()) {
      // Never trust an earlier PULL_VERIFIED.json: re-hash what is on disk (every file touched since it was last
      // hashed, see VerificationSidecar) before reporting it verified; a remote target's files are read back.
      problems = localDir.isPresent() ? Verification.hashProblems(localDir.get(), manifest, stamps)
          : readBackProblems();
    }
    if (!problems.isEmpty()) {
      supersede(String.join("; ", problems));
      return Optional.empty();
    }
    Optional<PullVerified> verified = Optional.empty();
    if (pull && localDir.isEmpty() && verifier == Verifier.NONE) {
      verified = Optional.of(Verification.record(manifest, manifestBytes, clock)); // read back and hashed above
    } else if (pull) {
      Path dir = localDir.orElseThrow(() -> new ValidationException(
          "cannot verify by load", List.of(new ValidationException.Issue("target",
              "a pull target must be a local store: " + target.location()))));
      verified = Optional.of(Verification.verifyFromDisk(dir, verifier, clock, stamps));
    }
    filesSkipped.set(manifest.totalFiles());
    filesDone.set(manifest.totalFiles());
    bytesDone.set(manifest.totalBytes());
    SyncResult result = result(true, verified);
    synchronized (listenerLock) {
      listener.finished(result);
    }
    return Optional.of(result);
  }

  /**
   * Notes that the published target bundle no longer matches, so it is replaced once the new one is verified; a push
   * refuses at once (published bundles on the machine are immutable).
   */
  private void supersede(String why) {
    if (!pull) {
      throw new ValidationException("checkpoint already published differently", List.of(
          new ValidationException.Issue("id", id + " is already in " + target.location() + "/" + targetDir
              + " but " + why + "; published bundles are immutable: push under a new id")));
    }
    replacesPublished = true;
  }

  /** The published files of a target without local paths that do not hash to the manifest, read back. */
  private List<String> readBackProblems() throws IOException {
    List<String> problems = new ArrayList<>();
    for (ManifestFile f : manifest.files()) {
      if (!stagedMatches(targetDir + "/" + f.path(), f)) {
        problems.add("sha256 mismatch for " + f.path() + " (read back from " + target.location() + ")");
      }
    }
    return problems;
  }

  /**
   * The staging listing without what an earlier sync of another manifest left (the source was sealed again after a
   * cut): a partial or resume record of a file the manifest no longer lists is discarded, a file it finished that
   * the manifest no longer lists is moved to {@code superseded/<id>-staged-<millis>/} (never deleted); a file the
   * manifest lists, even one named {@code *.tmp}, stays.
   */
  private List<StoredFile> withoutLeftovers(List<StoredFile> staged) throws IOException {
    java.util.Set<String> listed = new java.util.HashSet<>();
    manifest.files().forEach(f -> listed.add(f.path()));
    List<StoredFile> kept = new ArrayList<>();
    String aside = "superseded/" + id + "-staged-" + clock.millis();
    for (StoredFile f : staged) {
      if (listed.contains(f.path()) || ManifestBuilder.isBookkeeping(f.path())) {
        kept.add(f);
      } else if (f.path().endsWith(".tmp")) {
        target.discardTemporary(staging + "/" + f.path());
      } else {
        target.move(staging + "/" + f.path(), aside + "/" + f.path());
      }
    }
    return kept;
  }

  /** Moves the published target bundle, which no longer matches, to {@code superseded/<id>-<millis>}; returns where. */
  private String setAside() throws IOException {
    String aside = "superseded/" + id + "-" + clock.millis();
    target.move(targetDir, aside);
    String sidecar = VerificationSidecar.storePath(id);
    if (target.exists(sidecar)) {
      target.move(sidecar, aside + VerificationSidecar.SUFFIX);
    }
    return aside;
  }

  /** Puts a bundle set aside by {@link #setAside} back under its id, after the publish of its successor failed. */
  private void putBack(String aside, Exception failure) {
    try {
      target.move(aside, targetDir);
      if (target.exists(aside + VerificationSidecar.SUFFIX)) {
        target.move(aside + VerificationSidecar.SUFFIX, VerificationSidecar.storePath(id));
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private void transferAll(Map<String, StoredFile> sourceFiles, Map<String, StoredFile> staged) throws IOException {
    List<ManifestFile> files = manifest.files();
    int concurrency = Math.min(16, Math.max(this.concurrency,
        Math.max(source.preferredConcurrency(), target.preferredConcurrency())));
    int filesAtOnce = files.size() < 2 ? 1 : Math.min(concurrency, files.size());
    extraStreams.release(Math.max(0, Math.max(filesAtOnce, Math.min(RangePlan.MAX_STREAMS, streamsWanted()))
        - filesAtOnce));
    if (concurrency == 1 || files.size() < 2) {
      for (ManifestFile f : files) {
        transferOne(f, sourceFiles.get(f.path()), staged);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, files.size()), r -> {
      Thread t = new Thread(r, "remotegpu-sync-" + id);
      t.setDaemon(true);
      return t;
    });
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (ManifestFile f : files) {
        futures.add(pool.submit(() -> {
          try {
            transferOne(f, sourceFiles.get(f.path()), staged);
          } catch (IOException | RuntimeException | Error e) {
            // The first failure in time stops the other files at once (they look at `aborted` between reads) and is
            // the one reported: a file stopped because of it fails only after it.
            if (firstFailure.compareAndSet(null, e)) {
              aborted = true;
            }
            throw e;
          }
          return null;
        }));
      }
      // Wait for every worker, even after a failure or an interrupt, so no thread still writes (or starts hashing)
      // when this sync returns; an interrupt stops the files not started and interrupts the running ones.
      boolean interrupted = false;
      for (Future<?> future : futures) {
        while (true) {
          try {
            future.get();
            break;
          } catch (ExecutionException e) {
            firstFailure.compareAndSet(null, e.getCause());
            break;
          } catch (CancellationException notStarted) {
            break;
          } catch (InterruptedException e) {
            if (!interrupted) {
              interrupted = true;
              firstFailure.compareAndSet(null, cut(e, "")); // before `aborted`: the files it stops fail after it
              aborted = true;
              for (Runnable queued : pool.shutdownNow()) {
                ((Future<?>) queued).cancel(false); // never started: its get() must not wait
              }
            }
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable first = firstFailure.get();
      if (first instanceof IOException io) {
        throw io;
      }
      if (first instanceof RuntimeException re) {
        throw re;
      }
      if (first instanceof Error err) {
        throw err;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void transferOne(ManifestFile f, StoredFile src, Map<String, StoredFile> staged) throws IOException {
    if (aborted) {
      return;
    }
    String finalPath = staging + "/" + f.path();
    String tmpPath = staging + "/" + StagingNames.partialOf(f.path());
    StoredFile done = staged.get(f.path());
    if (done != null && done.bytes() == f.bytes() && sameSecond(done.modified(), src.modified())
        && stagedMatches(finalPath, f)) {
      filesSkipped.incrementAndGet();
      bytesDone.addAndGet(f.bytes());
      filesDone.incrementAndGet();
      synchronized (listenerLock) {
        listener.fileSkipped(f.path(), f.bytes());
      }
      return;
    }
    StoredFile partial = staged.get(StagingNames.partialOf(f.path()));
    boolean recordKept = staged.containsKey(StagingNames.recordOf(f.path()));
    Optional<RangePlan> plan = rangePlan(f, recordKept);
    if (plan.isPresent()) {
      transferRanged(f, src, plan.get(), partial == null ? -1 : partial.bytes(), recordKept);
      return;
    }
    long offset = partial == null ? 0 : partial.bytes();
    if (recordKept) {
      // A ranged transfer's file has holes where pieces are missing: its size is no prefix to resume from.
      target.discardTemporary(staging + "/" + StagingNames.recordOf(f.path()));
      target.discardTemporary(tmpPath);
      offset = 0;
    }
    if (offset > f.bytes()) {
      target.discardTemporary(tmpPath);
      offset = 0;
    }
    for (int attempt = 0; ; attempt++) {
      MessageDigest md = Sha256.newDigest();
      if (offset > 0) {
        long fed = feedPrefix(md, tmpPath, offset);
        if (fed != offset) {
          target.discardTemporary(tmpPath);
          offset = 0;
          md = Sha256.newDigest();
        } else {
          bytesResumed.addAndGet(offset);
          bytesDone.addAndGet(offset);
        }
      }
      synchronized (listenerLock) {
        listener.fileStarted(f.path(), offset, f.bytes());
      }
      long received;
      try {
        received = copy(f, offset, tmpPath, md);
      } catch (CheckpointVerificationException e) {
        // The kept bytes belong to a source that no longer matches its manifest: never resume from them.
        target.discardTemporary(tmpPath);
        throw e;
      } catch (IOException | RuntimeException e) {
        if (e instanceof RemoteGpuException r) {
          throw r;
        }
        throw cut(e, f.path());
      }
      long total = offset + received;
      String hex = Sha256.hex(md.digest());
      if (total == f.bytes() && hex.equals(f.sha256())) {
        break;
      }
      bytesDone.addAndGet(-total);
      if (offset > 0 && attempt == 0) {
        // The kept prefix did not belong to these bytes: start the file again from byte 0, once.
        bytesResumed.addAndGet(-offset);
        target.discardTemporary(tmpPath);
        offset = 0;
        continue;
      }
      target.discardTemporary(tmpPath);
      throw new CheckpointVerificationException(source.location() + "/" + sourceDir, List.of(
          (total != f.bytes() ? "size mismatch for " + f.path() + ": expected " + f.bytes() + ", received " + total
              : "sha256 mismatch for " + f.path())
              + " (the source does not match its manifest: rebuild the manifest or re-seal the run)"));
    }
    placeFile(f, src);
  }

  /** The plan to move {@code f} as ranges, or none (one stream); a file cut as ranges resumes as ranges. */
  private Optional<RangePlan> rangePlan(ManifestFile f, boolean recordKept) {
    if (target.offsetWrites().isEmpty()) {
      return Optional.empty();
    }
    int streams = streamsWanted();
    if (recordKept && streamsPerFile == 0) {
      // The stores' preference may have changed with the link (a new round trip measured after a reconnect): the
      // pieces already written are worth keeping, and they can only be kept as ranges.
      streams = Math.max(2, streams);
    }
    return RangePlan.of(f.bytes(), streams, pieceBytes);
  }

  /** The streams per file asked for: the knob, or the larger of the stores' preferences. */
  private int streamsWanted() {
    return streamsPerFile > 0 ? streamsPerFile : Math.max(source.readStreamsPerFile(), target.writeStreamsPerFile());
  }

  /**
   * Moves {@code f} as ranges over its own stream and as many of the shared {@link #extraStreams} as are free now
   * (up to the plan's), given back when the file is done; with none free its pieces move one after another.
   */
  private void transferRanged(ManifestFile f, StoredFile src, RangePlan wanted, long keptBytes, boolean recordKept)
      throws IOException {
    int extra = 0;
    while (extra < wanted.streams() - 1 && extraStreams.tryAcquire()) {
      extra++;
    }
    try {
      runRanged(f, src, wanted.withStreams(1 + extra), keptBytes, recordKept);
    } finally {
      extraStreams.release(extra);
    }
  }

  private void runRanged(ManifestFile f, StoredFile src, RangePlan plan, long keptBytes, boolean recordKept)
      throws IOException {
    RangedTransfer.Meter meter = new RangedTransfer.Meter() {
      @Override
      public void started(long kept) {
        synchronized (listenerLock) {
          listener.fileStarted(f.path(), kept, f.bytes());
        }
      }

      @Override
      public void sent(long n) {
        bytesSent.addAndGet(n);
        bytesDone.addAndGet(n);
      }

      @Override
      public void resumed(long n) {
        bytesResumed.addAndGet(n);
        bytesDone.addAndGet(n);
      }

      @Override
      public void undone(long done, long resumed) {
        bytesDone.addAndGet(-done);
        bytesResumed.addAndGet(-resumed);
      }

      @Override
      public void progress() {
        SyncEngine.this.progress();
      }
    };
    try {
      new RangedTransfer(source, sourceDir, target, staging, f, plan, meter, () -> aborted)
          .run(keptBytes, recordKept);
    } catch (CheckpointVerificationException e) {
      // The kept bytes belong to a source that no longer matches its manifest: never resume from them.
      target.discardTemporary(staging + "/" + StagingNames.partialOf(f.path()));
      target.discardTemporary(staging + "/" + StagingNames.recordOf(f.path()));
      throw e;
    } catch (IOException | RuntimeException e) {
      if (e instanceof RemoteGpuException r) {
        throw r;
      }
      throw cut(e, f.path());
    }
    placeFile(f, src);
  }

  /** Renames a received, verified partial into place with the source's time, and counts the file. */
  private void placeFile(ManifestFile f, StoredFile src) throws IOException {
    String finalPath = staging + "/" + f.path();
    String tmpPath = staging + "/" + StagingNames.partialOf(f.path());
    // The time is set before the rename, so a file under its final name always has the source's time.
    target.setModified(tmpPath, src.modified());
    target.move(tmpPath, finalPath);
    filesSent.incrementAndGet();
    filesDone.incrementAndGet();
    synchronized (listenerLock) {
      listener.fileFinished(f.path(), f.bytes());
    }
  }

  /** Re-hashes a file kept in staging by an earlier sync: a same size and time says nothing about its bytes. */
  private boolean stagedMatches(String path, ManifestFile f) throws IOException {
    MessageDigest md = Sha256.newDigest();
    long fed = feedPrefix(md, path, f.bytes());
    return fed == f.bytes() && Sha256.hex(md.digest()).equals(f.sha256());
  }

  private long feedPrefix(MessageDigest md, String tmpPath, long offset) throws IOException {
    Optional<Path> local = target.localPath(tmpPath);
    if (local.isPresent()) {
      return Sha256.update(md, local.get(), offset);
    }
    byte[] buffer = new byte[BUFFER];
    long fed = 0;
    try (InputStream in = target.open(tmpPath, 0)) {
      while (fed < offset) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, offset - fed));
        if (n < 0) {
          break;
        }
        md.update(buffer, 0, n);
        fed += n;
      }
    }
    return fed;
  }

  /**
   * Copies {@code f} from {@code offset} to the end of {@code tmpPath}, feeding the bytes into {@code md} on a thread
   * of its own (see {@link SideDigest}) while they are written; returns the bytes copied, all of them in {@code md}.
   */
  private long copy(ManifestFile f, long offset, String tmpPath, MessageDigest md) throws IOException {
    long expected = f.bytes() - offset;
    long received = 0;
    long sinceProgress = 0;
    try (InputStream in = source.open(sourceDir + "/" + f.path(), offset);
        OutputStream out = target.append(tmpPath);
        SideDigest hashed = new SideDigest(md, hashers(), HASH_BUFFERS, BUFFER, f.path())) {
      for (byte[] buffer = hashed.take(); ; buffer = hashed.take()) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        if (aborted) {
          throw new IOException("stopped because another file of the same sync failed");
        }
        if (received + n > expected) {
          // Never write past the manifest size: the source grew after it was sealed.
          throw new CheckpointVerificationException(source.location() + "/" + sourceDir, List.of(f.path()
              + " at the source now holds more than the " + f.bytes() + " bytes its manifest lists: it changed"
              + " after the bundle was sealed; nothing may write into export/<id>: re-seal the run under a new id"));
        }
        hashed.hand(buffer, n);
        out.write(buffer, 0, n);
        received += n;
        bytesSent.addAndGet(n);
        bytesDone.addAndGet(n);
        sinceProgress += n;
        if (sinceProgress >= PROGRESS_EVERY) {
          sinceProgress = 0;
          progress();
        }
      }
      hashed.finish();
    }
    progress();
    return received;
  }

  private void progress() {
    SyncProgress p = new SyncProgress(id, filesDone.get(), manifest.totalFiles(), bytesDone.get(),
        manifest.totalBytes(), bytesSent.get(), rate());
    synchronized (listenerLock) {
      listener.progress(p);
    }
  }

  private double rate() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return seconds <= 0 ? 0 : bytesSent.get() / seconds;
  }

  /**
   * Runs the verify-by-load hook on the staged files (each was hashed as it was received), checks that it left their
   * bytes as hashed, and writes {@code PULL_VERIFIED.json}; returns the record and the files' stamps.
   */
  private Verification.Loaded verifyStaged(byte[] manifestBytes) throws IOException {
    Verification.Loaded loaded;
    if (verifier == Verifier.NONE && target.localPath(staging).isEmpty()) {
      loaded = new Verification.Loaded(Verification.record(manifest, manifestBytes, clock), Map.of());
    } else {
      Path dir = target.localPath(staging).orElseThrow(() -> new ValidationException("cannot verify by load",
          List.of(new ValidationException.Issue("target", "a pull with a verifier needs a local target store, not "
              + target.location()))));
      List<String> problems = new ArrayList<>();
      Map<String, String> stamps = Verification.loadChecked(dir, manifest, verifier, problems);
      if (!problems.isEmpty()) {
        throw new CheckpointVerificationException(target.location() + "/" + staging, problems);
      }
      loaded = new Verification.Loaded(Verification.record(manifest, manifestBytes, clock), stamps);
    }
    try {
      StoreListing.writeAtomically(target, staging + "/" + PullVerified.FILE_NAME, loaded.record().toBytes());
    } catch (IOException e) {
      throw cut(e, PullVerified.FILE_NAME);
    }
    return loaded;
  }

  private SyncResult result(boolean upToDate, Optional<PullVerified> verified) {
    return new SyncResult(id, manifest.totalFiles(), filesSent.get(), filesSkipped.get(), manifest.totalBytes(),
        bytesSent.get(), bytesResumed.get(), Duration.ofNanos(System.nanoTime() - startNanos), upToDate, verified);
  }

  private static Map<String, StoredFile> index(List<StoredFile> files) {
    Map<String, StoredFile> map = new HashMap<>();
    files.forEach(f -> map.put(f.path(), f));
    return map;
  }

  private static String parentOf(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }

  private static boolean sameSecond(Instant a, Instant b) {
    return a.getEpochSecond() == b.getEpochSecond();
  }
}
