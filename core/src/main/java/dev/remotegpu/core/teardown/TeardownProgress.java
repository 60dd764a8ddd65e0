package dev.remotegpu.core.teardown;

import java.time.Duration;

/**
 * Progress events of a teardown action that waits for its result (a stop until OFF, a destroy until the
 * machine is gone), so a console can show that the meter is being stopped rather than appear to hang.
 */
@FunctionalInterface
public interface TeardownProgress {

  /** Discards every event. */
  TeardownProgress NONE = (action, resourceId, state, waited, deadline) -> { };

  /**
   * One poll of a resource that has not yet reached the awaited state.
   *
   * @param action what is awaited, for example {@code "stop until off"}
   * @param resourceId the resource
   * @param state the platform's word for its state now
   * @param waited how long has been waited so far
   * @param deadline how long will be waited at most
   */
  void waiting(String action, String resourceId, String state, Duration waited, Duration deadline);
}
