package dev.remotegpu.core;

/**
 * The platform asked the client to slow down (HTTP 429). Retryable after a backoff.
 */
public class RateLimitException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  public RateLimitException(String message) {
    super(message, null, null, true, null);
  }

  public RateLimitException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
  }

  public RateLimitException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
  }
}
