package dev.remotegpu.core.teardown;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A launch ledger held in memory, for tests of the audit and the planner. */
final class InMemoryLedger implements LaunchLedger {

  private final List<LedgerEntry> entries = new ArrayList<>();

  /** A ledger holding one created machine per (runId, machineId) pair given. */
  static InMemoryLedger withMachines(String runId, String... machineIds) {
    InMemoryLedger ledger = new InMemoryLedger();
    for (String machineId : machineIds) {
      String name = "rgpu-" + runId + "-" + machineId;
      ledger.recordIntent(runId, name, new LaunchCandidate("A4000", "ny2"));
      ledger.recordCreated(name, machineId);
    }
    return ledger;
  }

  @Override
  public synchronized void recordIntent(String runId, String machineName, LaunchCandidate candidate) {
    entries.add(new LedgerEntry(runId, machineName, candidate, Optional.empty(), Instant.EPOCH));
  }

  @Override
  public synchronized void recordCreated(String machineName, String machineId) {
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry e = entries.get(i);
      if (e.machineName().equals(machineName)) {
        entries.set(i, new LedgerEntry(e.runId(), e.machineName(), e.candidate(), Optional.of(machineId),
            e.recordedAt()));
      }
    }
  }

  @Override
  public synchronized List<LedgerEntry> entries() {
    return List.copyOf(entries);
  }
}
