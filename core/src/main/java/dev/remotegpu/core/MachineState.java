package dev.remotegpu.core;

/**
 * The lifecycle state of a rented machine, portable across platforms. A platform state the SDK does not
 * know maps to {@link #UNRECOGNIZED}; {@link Machine#rawState()} keeps the platform's own word.
 */
public enum MachineState {
  /** Being created; not billed for compute on most platforms yet. */
  PROVISIONING,
  /** Powering on. */
  STARTING,
  /** The OS is up but the platform agent is not ready yet (a platform word such as "serviceready"). */
  SERVICE_READY,
  /** Running and reachable; the compute meter runs. */
  READY,
  /** Powering off. */
  STOPPING,
  /** Powered off: compute is not billed, but on most platforms storage and static IPs still are. */
  OFF,
  /** Rebooting. */
  RESTARTING,
  /** Changing type or disk size. */
  UPGRADING,
  /** Destroyed; it no longer exists on the platform. */
  DESTROYED,
  /** A state this version of the SDK does not know. */
  UNRECOGNIZED;

  /** Whether the compute meter runs in this state (conservatively true for unknown states). */
  public boolean billsCompute() {
    return this != OFF && this != DESTROYED && this != PROVISIONING;
  }

  /** Whether the machine is settled (not moving between states). */
  public boolean isStable() {
    return this == READY || this == OFF || this == DESTROYED;
  }
}
