package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.checkpoint.internal.LocalStoreImpl;
import java.nio.file.Path;
import java.util.Objects;

/** Entry point for a {@link CheckpointStore} on this machine's file system. */
public final class LocalCheckpointStore {
  private LocalCheckpointStore() {}

  /** A store rooted at a local directory (created on first write). */
  public static CheckpointStore at(Path root) {
    return new LocalStoreImpl(Objects.requireNonNull(root, "root"));
  }
}
