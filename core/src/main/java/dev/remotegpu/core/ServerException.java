package dev.remotegpu.core;

/**
 * The platform failed on its side (HTTP 5xx or a broken response). Retryable for calls that are safe to repeat.
 */
public class ServerException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /** A platform server failure explained by {@code message} (what failed and what to do). */
  public ServerException(String message) {
    super(message, null, null, true, null);
  }

  /** A platform server failure on {@code resourceId} (or null when none), caused by {@code cause} (or null). */
  public ServerException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
  }

  /** A platform server failure on {@code resourceId} that the platform gotcha {@code gotchaId} (for example "GEN6") explains. */
  public ServerException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
  }
}
