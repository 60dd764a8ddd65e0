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

  /**
   * Whether a machine's snapshots survive its delete. The sources disagree: the API's limits page says
   * snapshots are deleted with their machine; the platform profile (PS9, verified against the pricing page)
   * says a snapshot survives a destroy and bills until deleted. False (deleted with the machine) by default.
   */
  SimulatorSettings snapshotsSurviveMachineDelete(boolean survive);

  /** Whether a machine's snapshots survive its delete. */
  boolean snapshotsSurviveMachineDelete();

  /** The current auto-shutdown update mode. */
  AutoShutdownUpdateMode autoShutdownUpdateMode();

  /** Whether the account is currently in good standing. */
  boolean inGoodStanding();
}
