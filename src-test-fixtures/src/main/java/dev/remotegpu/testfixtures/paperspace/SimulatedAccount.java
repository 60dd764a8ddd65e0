package dev.remotegpu.testfixtures.paperspace;

import java.util.List;
import java.util.Optional;

/**
 * The in-memory account behind a {@link PaperspaceSimulator}: read it for assertions, seed it with resources made
 * "outside the SDK", and drive out-of-band power changes. Every read first brings the simulation up to the clock.
 */
public interface SimulatedAccount {

  /** All machines, oldest first. */
  List<SimMachine> machines();

  /** One machine, if it is (still) in the account. */
  Optional<SimMachine> machine(String id);

  /** All claimed static IPs, oldest first. */
  List<SimPublicIp> publicIps();

  /** All snapshots, oldest first. */
  List<SimSnapshot> snapshots();

  /** All shared drives, oldest first. */
  List<SimSharedDrive> sharedDrives();

  /** Claims a static IP in {@code region} that no machine uses, as if done in the console. */
  SimPublicIp addStaticIp(String region);

  /**
   * Adds a snapshot. With a machine id it belongs to that machine (and is deleted with it); without one it is an
   * orphan whose machine is gone, which keeps billing until deleted.
   */
  SimSnapshot addSnapshot(Optional<String> machineId, String name, long sizeGb);

  /** Adds an orphan snapshot (its machine is gone), which keeps billing until deleted. */
  default SimSnapshot addOrphanSnapshot(String name, long sizeGb) {
    return addSnapshot(Optional.empty(), name, sizeGb);
  }

  /** Adds a shared drive in {@code region}, on a private network created for it when the region has none. */
  SimSharedDrive addSharedDrive(String name, String region, long sizeGb);

  /** Adds a machine directly in a stable state (no events, no lifecycle delay). */
  SimMachine addMachine(MachineSeed seed);

  /**
   * Adds a machine as {@link #addMachine(MachineSeed)} does, under the id it had when the account was saved (a
   * simulated account that lives across processes, e.g. the {@code remotegpu --simulated} command).
   */
  SimMachine restoreMachine(String id, MachineSeed seed);

  /**
   * Puts back a snapshot as {@link #snapshots()} listed it, under its id; the machine it names need not exist
   * any more (a snapshot that outlived its machine, PS9).
   */
  SimSnapshot restoreSnapshot(SimSnapshot snapshot);

  /** Every event about a machine, oldest first (what a saved account keeps). */
  List<SimMachineEvent> machineEvents();

  /**
   * Puts back a machine event as {@link #machineEvents()} listed it, finished at its time (a simulated account
   * that lives across processes): the power-on and billed history the events API gives then survive a restart.
   */
  void restoreMachineEvent(SimMachineEvent event);

  /** Powers a machine off at once, as the platform might (maintenance, a host failure); listeners get {@code reason}. */
  void powerOff(String machineId, String reason);

  /** Powers an off machine on, out of band; it goes through {@code starting} and {@code serviceready} to {@code ready}. */
  void powerOn(String machineId);
}
