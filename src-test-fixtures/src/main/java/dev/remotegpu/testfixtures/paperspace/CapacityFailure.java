package dev.remotegpu.testfixtures.paperspace;

/**
 * The ways the simulator can say "no capacity" for a (machine type, region) pair; the real API's way is
 * undocumented, so each plausible one can be played.
 */
public enum CapacityFailure {
  /**
   * {@code GET /machine-availability} answers {@code {"available":false}} while failures remain, and a create
   * answers 400 {@code BAD_REQUEST} with an "out of capacity" message.
   */
  AVAILABILITY_FALSE,
  /** Availability says true, but a create answers 400 {@code BAD_REQUEST} with an "out of capacity" message. */
  CREATE_400,
  /**
   * The create succeeds and the machine appears, but its {@code create} event ends in state {@code error}
   * (with an "out of capacity" error text) one transition delay later, and the machine is then removed.
   */
  CREATE_EVENT_ERROR
}
