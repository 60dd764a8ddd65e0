package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.teardown.ResourceActions;
import java.util.Objects;

/**
 * The account-level actions a teardown step needs, over the API client. Irreversible actions here are
 * reached only through a teardown plan, never from {@link dev.remotegpu.core.Machine}: the class is package-private
 * and only {@link PaperspaceTeardown} makes one, straight into a plan.
 */
final class PaperspaceResources implements ResourceActions {
  private final PaperspaceClient client;

  /** Actions over {@code client}; made only by {@link PaperspaceTeardown} for a plan. */
  PaperspaceResources(PaperspaceClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** Powers a machine off (reversible). */
  @Override
  public void stopMachine(String machineId) {
    client.stopMachine(machineId);
  }

  /** Destroys a machine and its block storage (irreversible). */
  @Override
  public void destroyMachine(String machineId) {
    client.deleteMachine(machineId);
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
