package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.RemoteGpuException;
import java.util.List;

/**
 * A bundle failed verification: a file is missing, unexpected, of the wrong size or digest, or the host's
 * {@link Verifier} rejected it. No {@code PULL_VERIFIED.json} was written, so the teardown gate stays shut.
 * Fix or re-pull the named files; do not destroy the machine or its storage.
 */
public final class CheckpointVerificationException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** A failure of the named bundle with every problem found. */
  public CheckpointVerificationException(String bundle, List<String> problems) {
    super("checkpoint bundle " + bundle + " failed verification (" + problems.size() + " problem(s)): "
        + String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
        + "; PULL_VERIFIED.json was not written: re-pull or fix these files before any teardown",
        bundle, null, false, null);
    this.problems = List.copyOf(problems);
  }

  /** Every problem, one line each (for example "sha256 mismatch for cell-a/best.pth"). */
  public List<String> problems() {
    return problems;
  }
}
