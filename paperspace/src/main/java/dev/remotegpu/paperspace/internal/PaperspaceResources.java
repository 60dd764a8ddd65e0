package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.retry.Deadline;
import dev.remotegpu.core.teardown.ResourceActions;
import dev.remotegpu.core.teardown.StepInProgressException;
import dev.remotegpu.core.teardown.TeardownProgress;
import java.time.Duration;
import java.util.Objects;

/**
 * The account-level actions a teardown step needs, over the API client. Irreversible actions here are
 * reached only through a teardown plan, never from {@link dev.remotegpu.core.Machine}: the class is package-private
 * and only {@link PaperspaceTeardown} makes one, straight into a plan.
 */
final class PaperspaceResources implements ResourceActions {
  private final PaperspaceClient client;
  private final Duration pollInterval;
  private final Duration deadline;
  private final TeardownProgress progress;

  /** Actions over {@code client} that return at once, without waiting for the result (for tests of the client). */
  PaperspaceResources(PaperspaceClient client) {
    this(client, Duration.ofSeconds(5), Duration.ZERO, TeardownProgress.NONE);
  }

  /**
   * Actions over {@code client} that wait up to {@code deadline} (on the client's time source) for a stop to
   * reach OFF and a destroy to be gone, polling every {@code pollInterval} and reporting each poll to
   * {@code progress}; made only by {@link PaperspaceTeardown} for a plan.
   */
  PaperspaceResources(PaperspaceClient client, Duration pollInterval, Duration deadline,
      TeardownProgress progress) {
    this.client = Objects.requireNonNull(client, "client");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Powers a machine off (reversible) and waits until it is off: compute bills until then. */
  @Override
  public void stopMachine(String machineId) {
    client.stopMachine(machineId);
    await(machineId, "stop until off", MachineState.OFF);
  }

  /** Destroys a machine and its block storage (irreversible) and waits until the API no longer has it. */
  @Override
  public void destroyMachine(String machineId) {
    client.deleteMachine(machineId);
    await(machineId, "destroy until gone", MachineState.DESTROYED);
  }

  private void await(String machineId, String action, MachineState awaited) {
    if (deadline.isZero()) {
      return;
    }
    Deadline elapsed = client.time().deadline(deadline);
    while (true) {
      String raw;
      try {
        raw = client.getMachine(machineId).state();
      } catch (NotFoundException e) {
        return;
      }
      if (awaited != MachineState.DESTROYED && PaperspaceMachine.state(raw) == awaited) {
        return;
      }
      String state = raw == null ? "unknown" : raw;
      if (elapsed.passed()) {
        throw new StepInProgressException(machineId, action + ": machine " + machineId + " is still '" + state
            + "' after " + deadline + " (it bills until it gets there); run the audit again in a few minutes"
            + " or look at it in the console");
      }
      progress.waiting(action, machineId, state, elapsed.elapsed(), deadline);
      client.pause(pollInterval, machineId);
    }
  }

  /** Unassigns a static IP from its machine (reversible). */
  public void unassignPublicIp(String ip) {
    client.assignPublicIp(ip, null);
  }

  /** Releases a static IP back to Paperspace (irreversible: the address is gone). */
  @Override
  public void releasePublicIp(String ip) {
    client.releasePublicIp(ip);
  }

  /** Deletes a snapshot (irreversible). */
  @Override
  public void deleteSnapshot(String snapshotId) {
    client.deleteSnapshot(snapshotId);
  }

  /** Deletes a shared drive and its data (irreversible). */
  @Override
  public void deleteSharedStorage(String driveId) {
    client.deleteSharedDrive(driveId);
  }

  /** Deletes a custom template (irreversible). */
  @Override
  public void deleteCustomTemplate(String templateId) {
    client.deleteCustomTemplate(templateId);
  }

  @Override
  public String toString() {
    return "PaperspaceResources(" + client + ")";
  }
}
