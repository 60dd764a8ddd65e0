package dev.remotegpu.core;

/**
 * The platform refused the credentials (a missing, wrong or revoked API key). Not retryable: fix the key.
 */
public class AuthenticationException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message, null, null, false, null);
  }

  public AuthenticationException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, false, cause);
  }

  public AuthenticationException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, false, cause);
  }
}
