package dev.remotegpu.examples.cli;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.remote.RemoteSession;
import dev.remotegpu.core.remote.ShellInventory;
import dev.remotegpu.core.run.RunJournal;
import dev.remotegpu.core.teardown.DurableInventory;
import dev.remotegpu.core.teardown.VerificationEvidence;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Iron Law evidence of a run directory, in a process other than the run's: {@link VerificationEvidence#collect}
 * re-hashes the run's local bundles ({@code pulled/export/*}) and binds them to this account, the run's machine and
 * the run, with an inventory of the machine's durable roots that the plan takes again when an irreversible step is
 * about to run, as {@link dev.remotegpu.core.run.RemoteRun#evidence()} does in-process. Nothing here reads a digest
 * and calls it evidence: a changed local file or a new file on the machine makes the step refuse.
 */
final class RunEvidence implements AutoCloseable {
  /** The run's durable roots under its remote root, as RemoteRun inventories them. */
  private static final List<String> DURABLE_ROOTS = List.of("active", "export", "quarantine");
  private static final Duration INVENTORY_TIMEOUT = Duration.ofMinutes(10);

  private final Backend backend;
  private final String machineId;
  private RemoteSession session;

  private RunEvidence(Backend backend, String machineId) {
    this.backend = backend;
    this.machineId = machineId;
  }

  /**
   * A collector for the evidence of {@code run}'s machine; it keeps the session the inventory uses open until
   * closed. The evidence it collects for a run without a verified pull carries that refusal.
   */
  static RunEvidence of(RunDirectory run, Backend backend) {
    return new RunEvidence(backend, run.requireMachine());
  }

  /** The evidence of {@code run}, collected now. */
  VerificationEvidence collect(RunDirectory run) {
    DurableInventory inventory = new ShellInventory(this::session, run.remoteRoot(), DURABLE_ROOTS,
        INVENTORY_TIMEOUT);
    return VerificationEvidence.collect(backend.platform(), machineId, run.runId(), run.pulledDir(), inventory,
        jobEnded(run), backend.clock());
  }

  /**
   * Whether every job the run's journal says may run has ended (its job, and a start nobody lived to record), as
   * {@link RunJournal#jobEnded} tells; false when that cannot be told (the machine is off or does not answer).
   */
  private boolean jobEnded(RunDirectory run) {
    if (!RunJournal.existsIn(run.dir())) {
      return true; // no journal: the run never started a job
    }
    try {
      return RunJournal.read(run.dir()).jobEnded(session().jobs(), run.jobStateDirectory());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private synchronized RemoteSession session() {
    if (session != null && session.isOpen()) {
      return session;
    }
    Machine machine = backend.platform().machine(machineId);
    if (machine.state() != MachineState.READY) {
      throw new IllegalStateException("machine " + machineId + " is " + machine.rawState() + ", not READY");
    }
    session = backend.access().open(machine);
    return session;
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
