package dev.remotegpu.core;

/**
 * The platform asked the client to slow down (HTTP 429). Retryable after a backoff.
 */
public class RateLimitException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /** A rate limit explained by {@code message} (what failed and what to do). */
  public RateLimitException(String message) {
    super(message, null, null, true, null);
  }

  /** A rate limit on {@code resourceId} (or null when none), caused by {@code cause} (or null). */
  public RateLimitException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
  }

  /** A rate limit on {@code resourceId} that the platform gotcha {@code gotchaId} (for example "GEN6") explains. */
  public RateLimitException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
  }
}
