package dev.remotegpu.core;

/**
 * The platform has no capacity for the requested machine type in the requested region right now. Retryable: launch with retry until capacity, or fall back to another type or region.
 */
public class CapacityUnavailableException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  public CapacityUnavailableException(String message) {
    super(message, null, null, true, null);
  }

  public CapacityUnavailableException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
  }

  public CapacityUnavailableException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
  }
}
