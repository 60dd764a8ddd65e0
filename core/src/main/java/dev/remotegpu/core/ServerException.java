package dev.remotegpu.core;

/**
 * The platform failed on its side (HTTP 5xx or a broken response). Retryable for calls that are safe to repeat.
 */
public class ServerException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  public ServerException(String message) {
    super(message, null, null, true, null);
  }

  public ServerException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
  }

  public ServerException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
  }
}
