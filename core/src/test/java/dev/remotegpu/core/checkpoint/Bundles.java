package dev.remotegpu.core.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;

/** Test bundles: files written under active/<id> of a local store root, then sealed. */
final class Bundles {
  private Bundles() {}

  static Clock clockAt(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  static void write(Path storeRoot, String id, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path p = storeRoot.resolve("active").resolve(id).resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
  }

  static byte[] random(Random rnd, int size) {
    byte[] b = new byte[size];
    rnd.nextBytes(b);
    return b;
  }

  static CheckpointManifest sealed(Path storeRoot, String id, Map<String, byte[]> files, long epochSecond)
      throws IOException {
    write(storeRoot, id, files);
    return CheckpointSync.seal(LocalCheckpointStore.at(storeRoot), id, "run-" + id, clockAt(epochSecond));
  }
}
