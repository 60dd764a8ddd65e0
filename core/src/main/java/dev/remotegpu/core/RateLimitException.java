package dev.remotegpu.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform asked the client to slow down (HTTP 429). Retryable after a backoff.
 */
public class RateLimitException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  /** A rate limit explained by {@code message} (what failed and what to do). */
  public RateLimitException(String message) {
    super(message, null, null, true, null);
    this.retryAfter = null;
  }

  /** A rate limit on {@code resourceId} (or null when none), caused by {@code cause} (or null). */
  public RateLimitException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
    this.retryAfter = null;
  }

  /** A rate limit on {@code resourceId} that the platform gotcha {@code gotchaId} (for example "GEN6") explains. */
  public RateLimitException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
    this.retryAfter = null;
  }

  private RateLimitException(String message, String resourceId, Duration retryAfter) {
    super(message, resourceId, null, true, null);
    this.retryAfter = retryAfter;
  }

  /**
   * A rate limit on {@code resourceId} (or null) where the platform said how long to wait (an HTTP Retry-After):
   * a retry never comes sooner.
   */
  public static RateLimitException retryAfter(String message, String resourceId, Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    return new RateLimitException(message, resourceId, retryAfter);
  }

  /** How long the platform asked to wait before the next call, when it said (HTTP Retry-After). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
