package dev.remotegpu.testfixtures.paperspace;

import java.time.Instant;
import java.util.Objects;

/**
 * One machine event of the simulated account ({@code create}, {@code start}, {@code stop}, ...), as the events
 * API lists it: what a simulated account that lives across processes saves, so that power-on history and billed
 * history survive a restart.
 *
 * @param machineId the machine the event is about
 * @param name the event name
 * @param at when it was created
 */
public record SimMachineEvent(String machineId, String name, Instant at) {

  public SimMachineEvent {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(at, "at");
  }
}
