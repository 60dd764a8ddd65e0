package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointTransferException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The store-level queries shared by every {@link CheckpointStore}. */
public final class StoreListing {
  private StoreListing() {}

  /** Refuses an id that is not a safe single name. */
  public static String checkId(String id) {
    java.util.Objects.requireNonNull(id, "id");
    PathRules.checkName(id);
    if (id.startsWith(".")) {
      // export/.partial, the staging root, and the sync locks beside it are dot names: no bundle may take them.
      throw PathRules.invalid(id, "a checkpoint id must not start with '.': \"" + id + "\"");
    }
    return id;
  }

  private record Dated(String id, Instant created) {}

  /** Complete checkpoints, oldest first. */
  public static List<String> complete(CheckpointStore store) {
    try {
      List<Dated> dated = new ArrayList<>();
      for (String name : store.directories("export")) {
        if (name.startsWith(".")) {
          continue;
        }
        readManifest(store, name).ifPresent(m -> dated.add(new Dated(name, m.createdAt())));
      }
      dated.sort(Comparator.comparing(Dated::created).thenComparing(Dated::id));
      return dated.stream().map(Dated::id).toList();
    } catch (IOException e) {
      throw new CheckpointTransferException("could not list checkpoints in " + store.location() + ": "
          + e.getMessage() + "; check the connection and retry", store.location(), e);
    }
  }

  /** The published manifest of one checkpoint. */
  public static Optional<CheckpointManifest> manifest(CheckpointStore store, String id) {
    try {
      return readManifest(store, checkId(id));
    } catch (IOException e) {
      throw new CheckpointTransferException("could not read the manifest of " + id + " in " + store.location()
          + ": " + e.getMessage(), id, e);
    }
  }

  private static Optional<CheckpointManifest> readManifest(CheckpointStore store, String id) throws IOException {
    Optional<byte[]> bytes = readIfExists(store, "export/" + id + "/" + CheckpointManifest.FILE_NAME);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CheckpointManifest.parse(bytes.get()));
    } catch (ValidationException e) {
      return Optional.empty();
    }
  }

  /** A whole small file, or empty when it does not exist. */
  public static Optional<byte[]> readIfExists(CheckpointStore store, String path) throws IOException {
    return store.readIfExists(path);
  }

  /** Writes a small file atomically: {@code path.tmp} then a rename. */
  public static void writeAtomically(CheckpointStore store, String path, byte[] bytes) throws IOException {
    String tmp = path + ".tmp";
    store.discardTemporary(tmp);
    try (var out = store.append(tmp)) {
      out.write(bytes);
    }
    store.move(tmp, path);
  }
}
