package dev.remotegpu.core.checkpoint;

/**
 * Progress of a {@link CheckpointSync}. Events come in this order: {@code started}, then per file
 * {@code fileStarted} / {@code progress}* / {@code fileFinished}, or {@code fileSkipped} when the file was
 * already there, then {@code finished} on success. With concurrency above 1 the events of different files
 * interleave, but calls never overlap. A listener must not throw; all methods default to no-ops.
 */
public interface SyncListener {
  /** A listener that ignores every event. */
  SyncListener NONE = new SyncListener() {};

  /** The manifest was read and the transfer is about to begin. */
  default void started(String checkpointId, long files, long bytes) {}

  /** A file transfer begins at a byte offset (above 0 when a cut transfer resumes). */
  default void fileStarted(String path, long offset, long bytes) {}

  /** Bytes arrived; sent about every 1 MiB. */
  default void progress(SyncProgress progress) {}

  /** A file was already complete at the target and was not sent. */
  default void fileSkipped(String path, long bytes) {}

  /** A file arrived whole and its SHA-256 matched the manifest. */
  default void fileFinished(String path, long bytes) {}

  /** The bundle was published at the target. */
  default void finished(SyncResult result) {}
}
