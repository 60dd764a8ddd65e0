package dev.remotegpu.core;

/**
 * The named resource (machine, IP, snapshot, template ...) does not exist, or no longer does.
 */
public class NotFoundException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message, null, null, false, null);
  }

  public NotFoundException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, false, cause);
  }

  public NotFoundException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, false, cause);
  }
}
