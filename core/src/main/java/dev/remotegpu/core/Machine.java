package dev.remotegpu.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A rented machine as last seen, plus the reversible actions on it. The accessors describe the
 * snapshot taken when this object was made; {@link #refresh()} returns a newer one.
 *
 * <p>There is deliberately no destroy here: destroying a machine (and releasing its IP, deleting its
 * storage and snapshots) is a step of a {@link dev.remotegpu.core.teardown.TeardownPlan}, so the Iron
 * Law (checkpoints pulled and verified, the exact step approved) cannot be skipped by accident.
 */
public interface Machine {

  /** The platform's id of the machine (for example "psm9u09bwu5i"). */
  String id();

  /** The machine's name; SDK-launched machines carry the unique name written to the launch ledger. */
  String name();

  /** The machine type label (for example "A4000"). */
  String machineType();

  /** The region or datacenter (for example "ny2"). */
  String region();

  /** The portable state. */
  MachineState state();

  /** The platform's own word for the state (for example "serviceready"). */
  String rawState();

  /** The public IP address, when the machine has one now (a dynamic IP exists only while running). */
  Optional<String> publicIp();

  /** How the machine gets its public address. */
  PublicIpType publicIpType();

  /**
   * The auto-shutdown window, when enabled. The platform's profile says how it counts (wall-clock or idle) and
   * whether it can be changed after create ({@link dev.remotegpu.core.profile.AutoShutdownPolicy}).
   */
  Optional<Duration> autoShutdown();

  /** When the platform created the machine. */
  Instant createdAt();

  /** Where to reach the machine over SSH now, when it has a public address. */
  Optional<SshEndpoint> ssh();

  /** Reads the machine again from the platform. */
  Machine refresh();

  /** Powers the machine on (reversible; the compute meter starts) and returns the new snapshot. */
  Machine start();

  /**
   * Powers the machine off (reversible) and returns the new snapshot. The compute meter stops, but
   * storage, a static IP and snapshots keep billing.
   */
  Machine stop();

  /**
   * Polls until the machine reaches {@code state}, and returns it in that state.
   *
   * @throws RemoteGpuException when {@code timeout} passes first, naming the machine and the last state seen
   */
  Machine awaitState(MachineState state, Duration timeout);
}
