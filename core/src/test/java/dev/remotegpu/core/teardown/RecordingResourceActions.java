package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.RemoteGpuException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fake account: holds billables, records every action called on it in order ("destroyMachine psm1"),
 * applies each action's effect so that {@link #billables()} serves as the re-audit, and can be told to
 * fail an action or to silently keep a resource that an action should have removed.
 */
final class RecordingResourceActions implements ResourceActions {

  private final List<Billable> account;
  private final List<String> calls = new ArrayList<>();
  private final Set<String> failing = new HashSet<>();
  private final Set<String> silentlyKept = new HashSet<>();

  RecordingResourceActions(List<Billable> account) {
    this.account = new ArrayList<>(account);
  }

  /** Makes the call (for example "destroyMachine psm1") throw. */
  RecordingResourceActions failing(String call) {
    failing.add(call);
    return this;
  }

  /** Makes every action answer success but leave the resource with this id in the account. */
  RecordingResourceActions silentlyKeeping(String resourceId) {
    silentlyKept.add(resourceId);
    return this;
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  /** The account as it is now: the re-audit. */
  synchronized List<Billable> billables() {
    return List.copyOf(account);
  }

  @Override
  public synchronized void stopMachine(String machineId) {
    record("stopMachine " + machineId, machineId);
    for (int i = 0; i < account.size(); i++) {
      Billable b = account.get(i);
      if (b.kind() == BillableKind.MACHINE && b.id().equals(machineId) && !silentlyKept.contains(machineId)) {
        account.set(i, new Billable(b.kind(), b.id(), b.name(), b.region(), b.machineId(), b.sizeGb(), "off",
            Rate.FREE));
      }
    }
  }

  @Override
  public synchronized void destroyMachine(String machineId) {
    record("destroyMachine " + machineId, machineId);
    account.removeIf(b -> !silentlyKept.contains(b.id())
        && ((b.kind() == BillableKind.MACHINE && b.id().equals(machineId))
        || (b.kind() == BillableKind.BLOCK_STORAGE && b.machineId().filter(machineId::equals).isPresent())));
  }

  @Override
  public synchronized void releasePublicIp(String address) {
    remove("releasePublicIp " + address, BillableKind.PUBLIC_IP, address);
  }

  @Override
  public synchronized void deleteSnapshot(String snapshotId) {
    remove("deleteSnapshot " + snapshotId, BillableKind.SNAPSHOT, snapshotId);
  }

  @Override
  public synchronized void deleteSharedStorage(String storageId) {
    remove("deleteSharedStorage " + storageId, BillableKind.SHARED_STORAGE, storageId);
  }

  @Override
  public synchronized void deleteCustomTemplate(String templateId) {
    remove("deleteCustomTemplate " + templateId, BillableKind.CUSTOM_TEMPLATE, templateId);
  }

  private void remove(String call, BillableKind kind, String id) {
    record(call, id);
    if (!silentlyKept.contains(id)) {
      account.removeIf(b -> b.kind() == kind && b.id().equals(id));
    }
  }

  private void record(String call, String resourceId) {
    calls.add(call);
    if (failing.contains(call)) {
      throw new RemoteGpuException("simulated failure of " + call + " on " + resourceId);
    }
  }
}
