package dev.remotegpu.core.teardown;

/**
 * For platform implementers: the cost-affecting actions a {@link TeardownPlan} executes, one per step
 * kind. Users never call these directly; a plan calls them only after the Iron Law allowed the step.
 *
 * <p>Each method acts on one resource and returns once the resource stopped billing (a stop once the machine
 * is OFF, a destroy once it is gone), so the re-audit sees the result; when the platform accepted the action
 * but the deadline passed first, it throws {@link StepInProgressException}. On failure it throws a
 * {@link dev.remotegpu.core.RemoteGpuException} that names the resource; the plan records it as a FAILED
 * outcome and goes on reporting the other steps. Implementations must be safe to call from any thread.
 */
public interface ResourceActions {

  /** Powers the machine off (reversible); its disk, IP and snapshots keep billing. */
  void stopMachine(String machineId);

  /** Destroys the machine and its block storage, irreversibly. */
  void destroyMachine(String machineId);

  /** Releases the static public IP with this address, irreversibly. */
  void releasePublicIp(String address);

  /** Deletes the snapshot, irreversibly. */
  void deleteSnapshot(String snapshotId);

  /** Deletes the shared drive and all data on it, irreversibly. */
  void deleteSharedStorage(String storageId);

  /** Deletes the custom template, irreversibly. */
  void deleteCustomTemplate(String templateId);
}
