package dev.remotegpu.core;

/**
 * The platform has no capacity for the requested machine type in the requested region right now. Retryable: launch with retry until capacity, or fall back to another type or region.
 */
public class CapacityUnavailableException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /** A capacity shortage explained by {@code message} (what failed and what to do). */
  public CapacityUnavailableException(String message) {
    super(message, null, null, true, null);
  }

  /** A capacity shortage on {@code resourceId} (or null when none), caused by {@code cause} (or null). */
  public CapacityUnavailableException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, true, cause);
  }

  /** A capacity shortage on {@code resourceId} that the platform gotcha {@code gotchaId} (for example "GEN6") explains. */
  public CapacityUnavailableException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, true, cause);
  }
}
