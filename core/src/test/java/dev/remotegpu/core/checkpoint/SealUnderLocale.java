package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.RemoteGpuException;
import java.nio.file.Path;

/** A child-JVM program for {@link ManifestEdgeCaseTest}: seals {@code active/<id>} of a local store and prints the outcome. */
public final class SealUnderLocale {
  private SealUnderLocale() {}

  /** Arguments: the store root and the run id. */
  public static void main(String[] args) {
    System.out.println("jnu=" + System.getProperty("sun.jnu.encoding"));
    try {
      CheckpointManifest m = CheckpointSync.seal(LocalCheckpointStore.at(Path.of(args[0])), args[1], "r",
          Bundles.clockAt(0));
      System.out.println("SEALED " + m.files());
    } catch (RemoteGpuException e) {
      System.out.println("FAILED " + e.getClass().getSimpleName() + " retryable=" + e.retryable() + " " + e.getMessage());
    } catch (RuntimeException e) {
      System.out.println("FAILED " + e.getClass().getSimpleName() + " retryable=unknown " + e.getMessage());
    }
  }
}
