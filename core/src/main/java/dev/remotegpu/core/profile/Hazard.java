package dev.remotegpu.core.profile;

/**
 * A danger the SDK itself meets and explains in its messages, named without any platform's words; a profile says
 * which of its gotchas documents it ({@link PlatformProfile#gotchaIdFor(Hazard)}), or none where the platform
 * does not have it (a box you own has no auto-shutdown).
 */
public enum Hazard {
  /**
   * A timer ends every run whatever the job does: a launch with none bills until someone stops it, and a run longer
   * than its ceiling cannot finish in one piece.
   */
  AUTO_SHUTDOWN,
  /** The machine's address is not fixed (it may exist only while the machine runs, or change on every start). */
  ADDRESS_CHANGES
}
