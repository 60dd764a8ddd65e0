package dev.remotegpu.testfixtures.paperspace;

/**
 * What the simulator does with auto-shutdown fields in {@code PUT /machines/{id}}. The schema accepts them, the
 * docs say they cannot be changed after create, and the real behaviour is unknown (PS2), hence the switch.
 */
public enum AutoShutdownUpdateMode {
  /** Answer 200 and leave the auto-shutdown settings unchanged (the default, as the docs describe). */
  IGNORE,
  /** Apply the new settings and re-arm the timer from the machine's last power-on. */
  APPLY,
  /** Answer 400 {@code BAD_REQUEST} saying auto-shutdown cannot be changed on an existing machine. */
  REJECT
}
