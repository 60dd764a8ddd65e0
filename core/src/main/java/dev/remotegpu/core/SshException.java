package dev.remotegpu.core;

/**
 * An SSH connection, authentication, host-key check or remote command failed on the named host. Dropped
 * connections and timeouts are {@linkplain #retryable() retryable}; a refused key, a refused or changed
 * host key and an unreadable private key are not, since trying again cannot fix them.
 */
public class SshException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /** A retryable SSH failure on no particular host, explained by {@code message}. */
  public SshException(String message) {
    super(message, null, null, true, null);
  }

  /** A retryable SSH failure on {@code resourceId} (a host or machine id, or null), caused by {@code cause}. */
  public SshException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
  }

  /** A retryable SSH failure on {@code resourceId} that the platform gotcha {@code gotchaId} explains. */
  public SshException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
  }

  /**
   * An SSH failure on {@code resourceId}, with {@code retryable} saying whether the same call may succeed
   * later: false for authentication and host-key refusals, which need a change by the user first.
   */
  public SshException(String message, String resourceId, String gotchaId, boolean retryable, Throwable cause) {
    super(message, resourceId, gotchaId, retryable, cause);
  }
}
