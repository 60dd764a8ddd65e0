package dev.remotegpu.core.teardown;

import java.io.IOException;
import java.util.List;

/**
 * Lists, now, every file under a run's durable roots on its machine with its size and SHA-256 (the remote
 * side hashes, nothing is downloaded). The Iron Law calls it when an irreversible step is about to run, so the
 * answer reflects the machine at execution time, not at plan time. {@link dev.remotegpu.core.run.RemoteRun}
 * implements it over its remote session.
 */
@FunctionalInterface
public interface DurableInventory {

  /**
   * Every entry under the durable roots (directories aside).
   *
   * @throws IOException when the machine cannot be inspected now (off, unreachable, the listing failed)
   */
  List<DurableFile> take() throws IOException;
}
