package dev.remotegpu.paperspace.internal;

import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the Paperspace API v1, field for field as in its OpenAPI document. Fields the API
 * may send as null or leave out are boxed types; {@code dt*} timestamps stay ISO-8601 strings (and
 * {@code dtDeleted}, typed {@code anyOf[{}, date-time]}, stays an Object). These records never leave the
 * internal package.
 */
public final class ApiTypes {
  private ApiTypes() {
  }

  /** A page of a list: {@code {items, hasMore, nextPage}}. */
  public record Page<T>(List<T> items, Boolean hasMore, String nextPage) {
  }

  /** A mutation answer: {@code {data, event}}; the event is absent for some updates. */
  public record Wrapped<T>(T data, MachineEvent event) {
  }

  /** An accelerator of a machine. */
  public record Accelerator(String name, Long memory, Double count) {
  }

  /** A machine reservation. */
  public record Reservation(String id, String name, String dtStarted, String dtFinished, Boolean isActive) {
  }

  /** A machine (GET /machines/{id} answers it bare). */
  public record MachineJson(String id, String name, String state, String os, String machineType,
      String agentType, Double cpus, Long ram, Long storageTotal, Long storageUsed,
      List<Accelerator> accelerators, String region, String privateIp, String networkId, String publicIp,
      String publicIpType, Boolean autoShutdownEnabled, Double autoShutdownTimeout, Boolean autoShutdownForce,
      Boolean autoSnapshotEnabled, String autoSnapshotFrequency, Double autoSnapshotSaveCount,
      Boolean updatesPending, Boolean restorePointEnabled, String restorePointFrequency,
      String restorePointSnapshotId, Double usageRate, Double storageRate, String dtCreated, String dtModified,
      Object dtDeleted, Reservation reservation) {
  }

  /** An asynchronous operation on a machine; {@code state} is new, "in progress", done, error or cancelled. */
  public record MachineEvent(String id, String name, String state, String machineId, String dtCreated,
      String dtStarted, String dtFinished, String error) {

    /** Whether the event will not change any more. */
    public boolean finished() {
      return "done".equals(state) || "error".equals(state) || "cancelled".equals(state);
    }
  }

  /** The body of POST /machines; null fields are left out of the JSON. */
  public record CreateMachine(String name, String machineType, String templateId, Integer diskSize,
      String region, String networkId, String publicIpType, Boolean autoSnapshotEnabled,
      String autoSnapshotFrequency, Integer autoSnapshotSaveCount, Boolean autoShutdownEnabled,
      Integer autoShutdownTimeout, Boolean autoShutdownForce, Boolean takeInitialSnapshot,
      Boolean restorePointEnabled, String restorePointFrequency, String startupScriptId, Boolean emailPassword,
      Boolean startOnCreate, Boolean enableNvlink, List<String> accessorIds) {
  }

  /** The body of PUT /machines/{id}; null fields are left out of the JSON. */
  public record UpdateMachine(String name, String machineType, Integer diskSize, String networkId,
      String publicIpType, Boolean autoSnapshotEnabled, String autoSnapshotFrequency,
      Integer autoSnapshotSaveCount, Boolean autoShutdownEnabled, Integer autoShutdownTimeout,
      Boolean autoShutdownForce, Boolean restorePointEnabled, String restorePointFrequency,
      String restorePointSnapshotId) {
  }

  /** The answer of GET /machine-availability. */
  public record Availability(Boolean available) {
  }

  /** A machine type a template can run on. */
  public record MachineTypeAvailability(String machineTypeLabel, Boolean isAvailable) {
  }

  /** An OS template (GET /os-templates). */
  public record OsTemplate(String id, String name, String agentType, String operatingSystemLabel,
      Double defaultSizeGb, List<MachineTypeAvailability> availableMachineTypes, String dtCreated) {
  }

  /** A custom template, an image made from a machine. */
  public record CustomTemplate(String id, String name, String agentType, String operatingSystemLabel,
      String region, Double defaultSizeGb, List<MachineTypeAvailability> availableMachineTypes,
      String parentMachineId, String dtCreated, Object dtDeleted) {
  }

  /** A public IP; the address is its identifier. */
  public record PublicIp(String ip, String region, String assignedMachineId, String dtCreated) {
  }

  /** The body of POST /public-ips. */
  public record ClaimPublicIp(String region) {
  }

  /** The body of PUT /public-ips/{ip}; a null machine id unassigns (sent as JSON null). */
  public record AssignPublicIp(String machineId) {
  }

  /** The answer of DELETE /public-ips/{ip}. */
  public record ReleasedIp(String ip) {
  }

  /** A snapshot of a machine's disk. */
  public record Snapshot(String id, String name, String machineId, Boolean isAutoSnapshot) {
  }

  /** A shared drive; its password is never printed by {@link #toString()}. */
  public record SharedDrive(String id, String name, String dtCreated, Object dtDeleted, Long size,
      String mountPoint, String username, String password, String networkId, String region) {
    @Override
    public String toString() {
      return "SharedDrive[id=" + id + ", name=" + name + ", size=" + size + ", region=" + region
          + ", password=<redacted>]";
    }
  }

  /** The answer of DELETE on shared drives and private networks. */
  public record DeletedId(String id) {
  }

  /** A private network. */
  public record PrivateNetwork(String id, String name, String region, String network, String netmask,
      String dtCreated, Object dtDeleted) {
  }

  /** The answer of GET /billing/account-standing. */
  public record AccountStanding(Boolean isInGoodStanding, Boolean hasPaymentMethod, Boolean isAdminLocked,
      List<Object> messages) {
  }

  /** A tRPC-style error body: {@code {message, code, issues?}}. */
  public record ErrorBody(String message, String code, List<Map<String, Object>> issues) {
  }
}
