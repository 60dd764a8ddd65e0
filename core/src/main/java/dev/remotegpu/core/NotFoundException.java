package dev.remotegpu.core;

/**
 * The named resource (machine, IP, snapshot, template ...) does not exist, or no longer does.
 */
public class NotFoundException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /** A missing resource explained by {@code message} (what failed and what to do). */
  public NotFoundException(String message) {
    super(message, null, null, false, null);
  }

  /** A missing resource on {@code resourceId} (or null when none), caused by {@code cause} (or null). */
  public NotFoundException(String message, String resourceId, Throwable cause) {
    super(message, resourceId, null, false, cause);
  }

  /** A missing resource on {@code resourceId} that the platform gotcha {@code gotchaId} (for example "GEN6") explains. */
  public NotFoundException(String message, String resourceId, String gotchaId, Throwable cause) {
    super(message, resourceId, gotchaId, false, cause);
  }
}
