package dev.remotegpu.core.run.internal;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.launch.LedgerEntry;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.run.RunJournal;
import java.util.List;
import java.util.Optional;

/** Finds the machine a resumed run already owns, so {@code up()} adopts it instead of creating a second one. */
public final class RunResume {
  private RunResume() {
  }

  /**
   * The machine of the run: the one its journal names, else one the platform's launch ledger recorded for the
   * run's id (a crash between the create and the journal write). Empty when the run never got a machine.
   *
   * @throws RemoteGpuException when the journal names a machine that no longer exists: a new run directory must
   *     be chosen on purpose, this one never creates a second machine
   */
  public static Optional<Machine> recordedMachine(Platform platform, RunJournal journal) {
    if (journal.machineId().isPresent()) {
      String id = journal.machineId().get();
      Optional<Machine> found = live(platform, id);
      if (found.isEmpty()) {
        throw new RemoteGpuException("machine " + id + " of run " + journal.runId() + " no longer exists "
            + "(destroyed by hand or by another program); this run directory does not launch a second machine: "
            + "pull what you need from elsewhere, or give the builder a new runDirectory for a new run");
      }
      return found;
    }
    List<LedgerEntry> entries = platform.ledger().entries();
    for (int i = entries.size() - 1; i >= 0; i--) {
      LedgerEntry e = entries.get(i);
      if (e.runId().equals(journal.runId()) && e.machineId().isPresent()) {
        Optional<Machine> found = live(platform, e.machineId().get());
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Machine> live(Platform platform, String id) {
    try {
      Machine m = platform.machine(id);
      return m.state() == MachineState.DESTROYED ? Optional.empty() : Optional.of(m);
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
