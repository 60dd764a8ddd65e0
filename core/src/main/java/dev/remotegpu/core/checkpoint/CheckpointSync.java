package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.checkpoint.internal.Sealer;
import dev.remotegpu.core.checkpoint.internal.SyncEngine;
import dev.remotegpu.core.checkpoint.internal.Verification;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Moves checkpoint bundles between two {@link CheckpointStore}s: incremental (a file already complete at the
 * target, same size and modification time, is not sent), resumable (a cut file continues from its last
 * byte, its digest continued over the kept prefix), and atomic (the bundle is received into
 * {@code export/.partial/<id>} and renamed to {@code export/<id>} only when whole, so a half-written bundle
 * is never {@link CheckpointStore#latest() latest}). Every byte is hashed as it arrives and checked against
 * {@code PULL_MANIFEST.json}; a pull also runs the {@link Verifier} and writes {@code PULL_VERIFIED.json}.
 *
 * <pre>{@code
 * CheckpointSync sync = CheckpointSync.builder().verifier(myLoader).listener(myListener).build();
 * SyncResult r = sync.pull(remoteStore, LocalCheckpointStore.at(dir), "step-000400");
 * }</pre>
 */
public final class CheckpointSync {
  private final SyncListener listener;
  private final Verifier verifier;
  private final Clock clock;
  private final int concurrency;
  private final int streamsPerFile;
  private final long pieceBytes;

  private CheckpointSync(Builder b) {
    this.listener = b.listener;
    this.verifier = b.verifier;
    this.clock = b.clock;
    this.concurrency = b.concurrency;
    this.streamsPerFile = b.streamsPerFile;
    this.pieceBytes = b.pieceBytes;
  }

  /** A builder with no listener, {@link Verifier#NONE}, the UTC system clock and 2 files in flight. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Pulls the published bundle {@code id} from {@code remote} into {@code local}, verifies it (sizes,
   * SHA-256, roster, the verifier) and publishes it with its {@code PULL_VERIFIED.json}. Throws
   * {@link CheckpointTransferException} when cut (run again to resume) and
   * {@link CheckpointVerificationException} when the bytes do not match the manifest or the verifier rejects.
   */
  public SyncResult pull(CheckpointStore remote, CheckpointStore local, String id) {
    return engine(remote, local, id, true).run();
  }

  /** Pulls the newest complete bundle of {@code remote}; see {@link #pull}. */
  public SyncResult pullLatest(CheckpointStore remote, CheckpointStore local) {
    String id = remote.latest().orElseThrow(() -> new NotFoundException(
        "no complete checkpoint in " + remote.location() + ": seal one first (export/<id> with PULL_MANIFEST.json)"));
    return pull(remote, local, id);
  }

  /**
   * Pushes the published bundle {@code id} from {@code local} to {@code remote}: same incremental, resumable
   * and atomic transfer, digests checked against the manifest, no verifier and no verification record.
   */
  public SyncResult push(CheckpointStore local, CheckpointStore remote, String id) {
    return engine(local, remote, id, false).run();
  }

  private SyncEngine engine(CheckpointStore source, CheckpointStore target, String id, boolean pull) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(id, "id");
    return new SyncEngine(source, target, id, pull, pull ? verifier : Verifier.NONE, listener, clock,
        concurrency).ranges(streamsPerFile, pieceBytes);
  }

  /**
   * Closes a run in a store the skill's way: {@code active/<id>} moves to {@code export/.partial/<id>}, its
   * manifest is built and written atomically, then it is renamed to {@code export/<id>}. When anything fails
   * the bundle goes to {@code quarantine/<id>} and the failure is rethrown. Returns the manifest.
   */
  public static CheckpointManifest seal(CheckpointStore store, String id, String runId, Clock clock) {
    return Sealer.seal(Objects.requireNonNull(store, "store"), Objects.requireNonNull(id, "id"),
        Objects.requireNonNull(runId, "runId"), Objects.requireNonNull(clock, "clock"), java.util.Optional.empty());
  }

  /**
   * As {@link #seal(CheckpointStore, String, String, Clock)}, refusing a run that does not hold exactly the
   * {@code roster}'s cells with their required files ({@code build_pull_manifest.py --expected-roster}); a refused
   * run stays in {@code active/<id>}.
   */
  public static CheckpointManifest seal(CheckpointStore store, String id, String runId, Clock clock,
      ExpectedRoster roster) {
    return Sealer.seal(Objects.requireNonNull(store, "store"), Objects.requireNonNull(id, "id"),
        Objects.requireNonNull(runId, "runId"), Objects.requireNonNull(clock, "clock"),
        java.util.Optional.of(Objects.requireNonNull(roster, "roster")));
  }

  /**
   * Verifies a local bundle directory as the skill's {@code verify_local.py} does: exact roster (no missing,
   * no unexpected file; {@code *.tmp} and the two JSON files aside), every size and SHA-256 re-read from disk,
   * then the verifier on each file it applies to; only then writes {@code PULL_VERIFIED.json} atomically.
   */
  public static PullVerified verify(Path bundleDir, Verifier verifier, Clock clock) {
    return Verification.verifyFromDisk(Objects.requireNonNull(bundleDir, "bundleDir"),
        Objects.requireNonNull(verifier, "verifier"), Objects.requireNonNull(clock, "clock"));
  }

  /** Settings of a {@link CheckpointSync}. */
  public static final class Builder {
    private SyncListener listener = SyncListener.NONE;
    private Verifier verifier = Verifier.NONE;
    private Clock clock = Clock.systemUTC();
    private int concurrency = 2;
    private int streamsPerFile;
    private long pieceBytes;

    private Builder() {}

    /** Receives progress events. */
    public Builder listener(SyncListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The verify-by-load hook a pull runs before writing {@code PULL_VERIFIED.json}. */
    public Builder verifier(Verifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** The clock for {@code verified_at_utc}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many files are transferred at once, 1..16 (default 2: more only adds contention on 2 cores). A store
     * on a long link may ask for more ({@link CheckpointStore#preferredConcurrency()}); the larger number wins.
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 16) {
        throw new IllegalArgumentException("concurrency must be in 1..16: " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Into how many streams one big file is split, 0..16: 0 (the default) asks the stores
     * ({@link CheckpointStore#readStreamsPerFile()}, {@link CheckpointStore#writeStreamsPerFile()}; the larger
     * wins), 1 always moves a file as one stream. With more than one, a file of at least 64 MiB is cut into pieces
     * read from the source's ranges and written at their offsets by that many streams at once, when the target
     * {@link CheckpointStore#offsetWrites() writes at offsets}; the file's SHA-256 is still checked before it
     * is renamed into place, and a cut transfer resends only the pieces not yet acknowledged.
     */
    public Builder streamsPerFile(int streams) {
      if (streams < 0 || streams > 16) {
        throw new IllegalArgumentException("streamsPerFile must be in 0..16: " + streams);
      }
      this.streamsPerFile = streams;
      return this;
    }

    /**
     * The size of one piece of a file split into streams, at least 64 KiB; then every file of at least two pieces
     * is split. The default, 0, picks a sixteenth of the file within 16..64 MiB and splits files from 64 MiB. A
     * resumed sync must use the same piece size to keep the pieces an earlier one sent.
     */
    public Builder pieceBytes(long bytes) {
      if (bytes != 0 && bytes < 64 * 1024) {
        throw new IllegalArgumentException("pieceBytes must be 0 (picked per file) or at least 64 KiB: " + bytes);
      }
      this.pieceBytes = bytes;
      return this;
    }

    /** The configured sync. */
    public CheckpointSync build() {
      return new CheckpointSync(this);
    }
  }
}
