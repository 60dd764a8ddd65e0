package dev.remotegpu.core.teardown;

import dev.remotegpu.core.RemoteGpuException;
import java.util.Objects;

/**
 * Thrown by a {@link ResourceActions} method when the platform accepted the action but the resource had not
 * reached its end state (a stop not yet OFF, a destroy not yet gone) by the deadline. A plan reports such a step
 * as {@link StepOutcome.Status#IN_PROGRESS}, not as a failure, and its re-audit raises no alarm for what the
 * step will still end.
 */
public class StepInProgressException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /**
   * @param resourceId the resource still on its way
   * @param message what was awaited, the last state seen, and what to do (look again with an audit)
   */
  public StepInProgressException(String resourceId, String message) {
    super(Objects.requireNonNull(message, "message"), Objects.requireNonNull(resourceId, "resourceId"), null, true,
        null);
  }
}
