package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.RemoteGpuException;

/**
 * A pull or push was cut (connection drop, I/O error). The bytes received so far are kept in
 * {@code export/.partial/<id>} at the target, so running the same sync again resumes where it stopped.
 */
public final class CheckpointTransferException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /** A retryable transfer failure of the named bundle. */
  public CheckpointTransferException(String message, String bundle, Throwable cause) {
    super(message, bundle, null, true, cause);
  }
}
