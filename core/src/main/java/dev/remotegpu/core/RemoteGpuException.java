package dev.remotegpu.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The root of every exception remotegpu throws. Each one says what failed, on which resource, and what
 * to do next; where a platform gotcha explains the failure, {@link #gotchaId()} names it (e.g. "GEN6").
 */
public class RemoteGpuException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String resourceId;
  private final String gotchaId;
  private final boolean retryable;

  /** A non-retryable failure on no particular resource, explained by {@code message}. */
  public RemoteGpuException(String message) {
    this(message, null, null, false, null);
  }

  /** A non-retryable failure explained by {@code message}, caused by {@code cause}. */
  public RemoteGpuException(String message, Throwable cause) {
    this(message, null, null, false, cause);
  }

  /**
   * @param message what failed and what to do
   * @param resourceId the machine, IP, snapshot ... that it failed on, or null when none
   * @param gotchaId the platform gotcha that explains it, or null
   * @param retryable whether repeating the same call may succeed
   * @param cause the underlying failure, or null
   */
  protected RemoteGpuException(String message, String resourceId, String gotchaId, boolean retryable,
      Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.resourceId = resourceId;
    this.gotchaId = gotchaId;
    this.retryable = retryable;
  }

  /** The resource the failure concerns, when there is one. */
  public Optional<String> resourceId() {
    return Optional.ofNullable(resourceId);
  }

  /** The id of the platform gotcha that explains this failure (for example "GEN6"), when one does. */
  public Optional<String> gotchaId() {
    return Optional.ofNullable(gotchaId);
  }

  /** Whether the same call may succeed if repeated later. */
  public boolean retryable() {
    return retryable;
  }
}
