package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.checkpoint.internal.StoreListing;
import dev.remotegpu.core.checkpoint.internal.StoreRanges;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A place that holds checkpoint bundles in the skill's run layout: {@code active/<id>} while a run writes,
 * {@code export/.partial/<id>} while a bundle is sealed or received, {@code export/<id>} once published by
 * an atomic rename, and {@code quarantine/<id>} for a failed close. Only {@code export/<id>} directories
 * holding a {@code PULL_MANIFEST.json} are complete checkpoints; a half-written one is never listed.
 *
 * <p>Paths given to the file methods are '/'-separated and relative to the store root. Implementations:
 * {@link LocalCheckpointStore} and the SFTP store of the {@code ssh} module. They must allow concurrent
 * calls from the threads of one {@link CheckpointSync}.
 */
public interface CheckpointStore extends AutoCloseable {
  /** Where the store lives, for messages (for example {@code file:/data/ckpt} or {@code sftp://u@h:22/root}). */
  String location();

  /** The ids of complete checkpoints, oldest first (by the manifest's {@code created_at_utc}, then by id). */
  default List<String> list() {
    return StoreListing.complete(this);
  }

  /** The newest complete checkpoint, if there is one; never a half-written bundle. */
  default Optional<String> latest() {
    List<String> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The published manifest of a complete checkpoint, if {@code export/<id>} holds one. */
  default Optional<CheckpointManifest> manifest(String id) {
    return StoreListing.manifest(this, id);
  }

  /** Publishes a sealed or received bundle: atomically renames {@code export/.partial/<id>} to {@code export/<id>}. */
  default void publish(String id) throws IOException {
    move(partialDir(id), exportDir(id));
  }

  /** Every regular file under a directory, recursively, paths relative to it; empty when it is absent. Symlinks are refused. */
  List<StoredFile> files(String dir) throws IOException;

  /**
   * As {@link #files}, but a symlink is left out (neither listed nor followed) instead of refused: for code trees
   * on the machine, where a virtualenv holds links; never for checkpoint bundles. By default, {@link #files}.
   */
  default List<StoredFile> filesSkippingLinks(String dir) throws IOException {
    return files(dir);
  }

  /**
   * The files {@code paths} (relative to {@code dir}) as {@link #files} lists them, those absent left out, a symlink
   * on the way to one refused. A remote store asks for exactly these at once instead of listing the tree level by
   * level; by default {@link #files} filtered.
   */
  default List<StoredFile> files(String dir, Collection<String> paths) throws IOException {
    Set<String> wanted = Set.copyOf(paths);
    return files(dir).stream().filter(f -> wanted.contains(f.path())).toList();
  }

  /**
   * A whole small file (a manifest, a record), or empty when it does not exist. A remote store opens it at once
   * rather than asking first whether it exists; by default {@link #exists} then {@link #open}.
   */
  default Optional<byte[]> readIfExists(String path) throws IOException {
    if (!exists(path)) {
      return Optional.empty();
    }
    try (InputStream in = open(path, 0)) {
      return Optional.of(in.readAllBytes());
    }
  }

  /**
   * Makes these directories and their missing parents ahead of the {@link #append}s into them, so a remote store
   * makes them all in one exchange instead of level by level in each writer; by default nothing (an append makes
   * its parents itself).
   */
  default void makeDirectories(Collection<String> dirs) throws IOException {}

  /** The names of the directories directly inside a directory; empty when it is absent. */
  List<String> directories(String dir) throws IOException;

  /** Whether a file or directory exists. */
  boolean exists(String path) throws IOException;

  /**
   * Reads a file from a byte offset to its end. The stream must not touch a caller's array after the {@code read}
   * that filled it returned: a sync hashes that array on another thread while it reads on.
   */
  InputStream open(String path, long offset) throws IOException;

  /**
   * Appends to a file, creating it and its parent directories when absent. The stream must be done with a caller's
   * array when {@code write} returns (copy it, never keep it): a sync hashes the same array on another thread and
   * refills it once hashed, so bytes written later would not be the bytes hashed.
   */
  OutputStream append(String path) throws IOException;

  /**
   * Reads at most {@code length} bytes of a file from a byte offset: fewer only where the file ends. A ranged
   * transfer reads each piece of a big file this way, so a store that reads ahead stops at the piece's end. By
   * default, {@link #open(String, long)} cut at {@code length}; a remote store overrides it so no read is asked
   * past the end.
   */
  default InputStream open(String path, long offset, long length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    return StoreRanges.bounded(open(path, offset), length);
  }

  /**
   * How this store writes into a file at a byte offset, if it can, so one big file may be written as pieces at
   * their offsets by several streams at once. By default none: such a store is only ever written by
   * {@link #append}.
   */
  default Optional<OffsetWrites> offsetWrites() {
    return Optional.empty();
  }

  /** Writing into a store's file at a byte offset, for a store that offers it ({@link #offsetWrites()}). */
  @FunctionalInterface
  interface OffsetWrites {
    /**
     * Writes into a file from a byte offset without truncating it, creating it and its parent directories when
     * absent; bytes before the offset that were never written read as zeros.
     */
    OutputStream writeAt(String path, long offset) throws IOException;
  }

  /**
   * Into how many streams a sync should split one big file it reads from this store (ranges read at once). The
   * default, 1, reads each file as one stream; a store on a link where one stream cannot fill the line says more.
   */
  default int readStreamsPerFile() {
    return 1;
  }

  /**
   * Into how many streams a sync should split one big file it writes to this store (pieces written at their
   * offsets at once, see {@link #offsetWrites()}). The default, 1, writes each file as one stream; the SFTP
   * store answers with the channels its uploads spread over on a long link, since the server caps each one.
   */
  default int writeStreamsPerFile() {
    return 1;
  }

  /** Renames atomically, creating the target's parent: a file target is replaced, a directory target must not exist. */
  void move(String from, String to) throws IOException;

  /**
   * Removes one of the SDK's own temporary files (a {@code *.tmp} transfer inside {@code export/.partial/<id>/},
   * the {@code .tmp} copy of a manifest, verification record or sidecar, a code upload's {@code *.upload.tmp});
   * nothing happens when it is absent. Any other path, and any directory, is refused with a
   * {@link dev.remotegpu.core.ValidationException} and left alone: a store is no way to delete durable data,
   * which only a teardown plan deletes. Implementations check the path with the SDK's rule before touching it.
   */
  void discardTemporary(String path) throws IOException;

  /** Sets a file's modification time (used to recognise unchanged files without hashing them). */
  void setModified(String path, java.time.Instant modified) throws IOException;

  /** The local file behind a store path, when the store is on this machine's file system (needed to verify by load). */
  default Optional<Path> localPath(String path) {
    return Optional.empty();
  }

  /**
   * How many files a sync should move at once to keep this store's link busy; a sync uses the larger of this
   * and its own {@code concurrency} setting. A remote store answers from its measured round trip (a longer
   * link needs more files in flight to hide each file's round trips); the default, for a local store, is 1.
   */
  default int preferredConcurrency() {
    return 1;
  }

  /** Releases connections or handles; the default does nothing. */
  @Override
  default void close() throws IOException {}

  /** {@code active/<id>}: where a running job writes. */
  static String activeDir(String id) {
    return "active/" + StoreListing.checkId(id);
  }

  /** {@code export/.partial/<id>}: a bundle being sealed or received. */
  static String partialDir(String id) {
    return "export/.partial/" + StoreListing.checkId(id);
  }

  /** {@code export/<id>}: a published, complete bundle. */
  static String exportDir(String id) {
    return "export/" + StoreListing.checkId(id);
  }

  /** {@code quarantine/<id>}: a bundle whose close failed. */
  static String quarantineDir(String id) {
    return "quarantine/" + StoreListing.checkId(id);
  }
}
