package dev.remotegpu.core.teardown;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the caller wants torn down; {@link TeardownPlanner} turns it into ordered steps. Build one with
 * {@link #stopOnly}, {@link #destroyEverythingOf} or {@link #destroyEverythingOfRun}, then add resources by id
 * with {@link #alsoDelete}.
 *
 * <p>Resources the launch ledger does not make ours are never planned unless named by id: in
 * {@link #machinesToStop()}, or in {@link #namedResources()}.
 *
 * @param machinesToStop machines to power off (reversible)
 * @param machinesToDestroy our machines to destroy with their static IPs and snapshots; ids of our
 *     machines that are already gone still tear down their leftover IPs and snapshots
 * @param runsToDestroy runs whose machines (as the launch ledger lists them) are destroyed the same way
 * @param namedResources resources named by id to tear down on their own, ours or unknown: a machine is
 *     stopped and destroyed, an IP released, a snapshot, template or shared drive deleted
 */
public record TeardownRequest(
    Set<String> machinesToStop,
    Set<String> machinesToDestroy,
    Set<String> runsToDestroy,
    Set<String> namedResources) {

  public TeardownRequest {
    machinesToStop = Set.copyOf(Objects.requireNonNull(machinesToStop, "machinesToStop"));
    machinesToDestroy = Set.copyOf(Objects.requireNonNull(machinesToDestroy, "machinesToDestroy"));
    runsToDestroy = Set.copyOf(Objects.requireNonNull(runsToDestroy, "runsToDestroy"));
    namedResources = Set.copyOf(Objects.requireNonNull(namedResources, "namedResources"));
  }

  /** A request that plans nothing; the plan still reports what bills. */
  public static TeardownRequest nothing() {
    return new TeardownRequest(Set.of(), Set.of(), Set.of(), Set.of());
  }

  /** Power these machines off and nothing else: their disks, IPs and snapshots keep billing. */
  public static TeardownRequest stopOnly(String... machineIds) {
    return stopOnly(Arrays.asList(machineIds));
  }

  /** Power these machines off and nothing else: their disks, IPs and snapshots keep billing. */
  public static TeardownRequest stopOnly(Collection<String> machineIds) {
    return nothing().alsoStop(machineIds);
  }

  /** Stop and destroy these machines of ours, release their static IPs and delete their snapshots. */
  public static TeardownRequest destroyEverythingOf(String... machineIds) {
    return destroyEverythingOf(Arrays.asList(machineIds));
  }

  /** Stop and destroy these machines of ours, release their static IPs and delete their snapshots. */
  public static TeardownRequest destroyEverythingOf(Collection<String> machineIds) {
    return new TeardownRequest(Set.of(), Set.copyOf(machineIds), Set.of(), Set.of());
  }

  /** Destroy everything of every machine the launch ledger recorded for this run. */
  public static TeardownRequest destroyEverythingOfRun(String runId) {
    Objects.requireNonNull(runId, "runId");
    return new TeardownRequest(Set.of(), Set.of(), Set.of(runId), Set.of());
  }

  /** This request plus machines to power off. */
  public TeardownRequest alsoStop(Collection<String> machineIds) {
    return new TeardownRequest(union(machinesToStop, machineIds), machinesToDestroy, runsToDestroy,
        namedResources);
  }

  /** This request plus resources named by id (ours or unknown) to tear down on their own. */
  public TeardownRequest alsoDelete(String... resourceIds) {
    return new TeardownRequest(machinesToStop, machinesToDestroy, runsToDestroy,
        union(namedResources, Arrays.asList(resourceIds)));
  }

  private static Set<String> union(Set<String> first, Collection<String> more) {
    Objects.requireNonNull(more, "ids");
    Set<String> all = new HashSet<>(first);
    for (String id : more) {
      all.add(Objects.requireNonNull(id, "id"));
    }
    return all;
  }
}
