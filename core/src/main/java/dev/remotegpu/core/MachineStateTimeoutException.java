package dev.remotegpu.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A machine did not reach the awaited state in time. Retryable: the machine may still get there; check
 * the console for a stuck transition, or wait longer.
 */
public class MachineStateTimeoutException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  private final MachineState awaited;
  private final String lastRawState;

  /**
   * @param machineId the machine waited on
   * @param awaited the state that was awaited
   * @param lastRawState the platform's word for the last state seen
   * @param timeout how long was waited
   */
  public MachineStateTimeoutException(String machineId, MachineState awaited, String lastRawState,
      Duration timeout) {
    super("machine " + Objects.requireNonNull(machineId, "machineId") + " did not reach " + awaited + " within "
        + timeout + "; last state seen was '" + lastRawState + "'. Wait longer, or look at the machine in the"
        + " console if it seems stuck", machineId, null, true, null);
    this.awaited = Objects.requireNonNull(awaited, "awaited");
    this.lastRawState = Objects.requireNonNull(lastRawState, "lastRawState");
  }

  /** The state that was awaited. */
  public MachineState awaited() {
    return awaited;
  }

  /** The platform's word for the last state seen. */
  public String lastRawState() {
    return lastRawState;
  }
}
