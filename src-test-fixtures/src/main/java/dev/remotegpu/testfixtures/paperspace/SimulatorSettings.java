package dev.remotegpu.testfixtures.paperspace;

/** Switches for behaviour of the real API that is unknown or that a test wants to vary. Thread-safe. */
public interface SimulatorSettings {

  /** How {@code PUT /machines/{id}} treats auto-shutdown fields; {@link AutoShutdownUpdateMode#IGNORE} by default. */
  SimulatorSettings autoShutdownUpdate(AutoShutdownUpdateMode mode);

  /**
   * What {@code GET /billing/account-standing} says. An account not in good standing also gets 403
   * {@code FORBIDDEN} on creates and starts. True by default.
   */
  SimulatorSettings accountStanding(boolean inGoodStanding);

  /** The current auto-shutdown update mode. */
  AutoShutdownUpdateMode autoShutdownUpdateMode();

  /** Whether the account is currently in good standing. */
  boolean inGoodStanding();
}
