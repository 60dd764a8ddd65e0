package dev.remotegpu.core.launch.internal;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LedgerEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A thread-safe ledger in memory, for tests and programs that rent nothing ({@link FileLaunchLedger} persists). */
public final class InMemoryLaunchLedger implements LaunchLedger {
  private final Clock clock;
  private final List<LedgerEntry> entries = new ArrayList<>();

  /** An empty ledger stamping entries with {@code clock}. */
  public InMemoryLaunchLedger(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized void recordIntent(String runId, String machineName, LaunchCandidate candidate) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(machineName, "machineName");
    Objects.requireNonNull(candidate, "candidate");
    if (indexOf(machineName) >= 0) {
      return;
    }
    entries.add(new LedgerEntry(runId, machineName, candidate, Optional.empty(), clock.instant()));
  }

  @Override
  public synchronized void recordCreated(String machineName, String machineId) {
    Objects.requireNonNull(machineName, "machineName");
    Objects.requireNonNull(machineId, "machineId");
    if (FileLaunchLedger.withId(entries, machineName, machineId) == FileLaunchLedger.IdRecord.NO_INTENT) {
      throw new IllegalArgumentException("the launch ledger has no intent for machine name '" + machineName
          + "': record the intent before the create call");
    }
  }

  @Override
  public synchronized List<LedgerEntry> entries() {
    return List.copyOf(entries);
  }

  private int indexOf(String machineName) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).machineName().equals(machineName)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + entries().size() + " entries)";
  }
}
