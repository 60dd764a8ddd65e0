package dev.remotegpu.core.launch;

import dev.remotegpu.core.LaunchCandidate;
import java.util.List;
import java.util.Optional;

/**
 * The local record of every machine the SDK meant to create, written before each create call. A retried,
 * timed-out or crashed launch looks its name up in the account and adopts what it finds instead of
 * creating a second machine; the audit uses the same record to tell our billables from unknown ones.
 *
 * <p>Implementations are thread-safe and durable across process restarts when file-backed.
 */
public interface LaunchLedger {

  /** Records that a machine named {@code machineName} is about to be created. Call before the create. */
  void recordIntent(String runId, String machineName, LaunchCandidate candidate);

  /**
   * Records the id the platform gave the machine named {@code machineName}. A second, different id for the same
   * name (a retried create that made a second machine) is kept beside the first, in an entry of its own: both
   * machines bill, so both stay on the books. Recording an id already there changes nothing.
   */
  void recordCreated(String machineName, String machineId);

  /** Every entry, oldest first. */
  List<LedgerEntry> entries();

  /** The entry for a machine name, if the ledger has one. */
  default Optional<LedgerEntry> byName(String machineName) {
    return entries().stream().filter(e -> e.machineName().equals(machineName)).findFirst();
  }

  /** Whether the machine with this platform id was launched through this ledger. */
  default boolean ownsMachine(String machineId) {
    return entries().stream().anyMatch(e -> e.machineId().filter(machineId::equals).isPresent());
  }
}
