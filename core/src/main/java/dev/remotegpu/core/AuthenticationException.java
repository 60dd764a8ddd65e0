package dev.remotegpu.core;

/**
 * The platform refused the credentials (a missing, wrong or revoked API key). Not retryable: fix the key.
 */
public class AuthenticationException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /** A refused credentials explained by {@code message} (what failed and what to do). */
  public AuthenticationException(String message) {
    super(message, null, null, false, null);
  }

  /** A refused credentials on {@code resourceId} (or null when none), caused by {@code cause} (or null). */
  public AuthenticationException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, false, cause);
  }

  /** A refused credentials on {@code resourceId} that the platform gotcha {@code gotchaId} (for example "GEN6") explains. */
  public AuthenticationException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, false, cause);
  }
}
