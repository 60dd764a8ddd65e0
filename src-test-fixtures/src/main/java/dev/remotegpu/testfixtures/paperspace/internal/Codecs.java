package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON the simulator answers with, one renderer per resource, field for field as the API's OpenAPI document
 * ({@code paperspace-openapi.json}) gives them.
 */
final class Codecs {

  private Codecs() {}

  static ObjectNode machine(Machines.MachineRec m) {
    ObjectNode node = named(m);
    node.put("state", m.state);
    node.put("os", m.os);
    node.put("machineType", m.type.label());
    node.put("agentType", m.agentType);
    node.put("cpus", m.type.cpus());
    node.put("ram", m.type.ramGb() * 1024L * 1024L * 1024L);
    node.put("storageTotal", m.diskGb * 1024L * 1024L * 1024L);
    node.put("storageUsed", 0L);
    ArrayNode accelerators = node.putArray("accelerators");
    if (m.type.hasGpu()) {
      ObjectNode gpu = accelerators.addObject();
      gpu.put("name", m.type.gpu());
      gpu.put("memory", m.type.gpuMemoryMb());
      gpu.put("count", m.type.gpuCount());
    }
    node.put("region", m.region);
    node.put("privateIp", m.privateIp);
    node.put("networkId", m.networkId);
    node.put("publicIp", m.publicIp);
    node.put("publicIpType", m.publicIpType);
    node.put("autoShutdownEnabled", m.autoShutdownEnabled);
    putNumber(node, "autoShutdownTimeout", m.autoShutdownTimeout);
    node.put("autoShutdownForce", m.autoShutdownForce);
    node.put("autoSnapshotEnabled", m.autoSnapshotEnabled);
    node.put("autoSnapshotFrequency", m.autoSnapshotFrequency);
    putNumber(node, "autoSnapshotSaveCount", m.autoSnapshotSaveCount);
    node.put("updatesPending", false);
    node.put("restorePointEnabled", m.restorePointEnabled);
    node.put("restorePointFrequency", m.restorePointFrequency);
    node.putNull("restorePointSnapshotId");
    node.put("usageRate", m.type.usageRate());
    node.put("storageRate", Catalog.diskPricePerMonth(m.diskGb));
    node.put("dtCreated", Json.date(m.created));
    node.put("dtModified", Json.date(m.modified));
    node.putNull("dtDeleted");
    node.putNull("reservation");
    return node;
  }

  /** A resource's JSON object, begun as the API begins every named one: {@code id}, then {@code name}. */
  private static ObjectNode named(Row.Named row) {
    ObjectNode node = Json.object();
    node.put("id", row.id);
    node.put("name", row.name);
    return node;
  }

  /** A whole number as an integer, as the API writes it; others as a decimal; null as null. */
  private static void putNumber(ObjectNode node, String field, Double value) {
    if (value == null) {
      node.putNull(field);
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      node.put(field, value.longValue());
    } else {
      node.put(field, value);
    }
  }

  static ObjectNode event(MachineEvents.EventRec e) {
    ObjectNode node = named(e);
    node.put("state", e.state);
    node.put("machineId", e.machineId);
    node.put("dtCreated", Json.date(e.created));
    node.put("dtStarted", e.started == null ? null : Json.date(e.started));
    node.put("dtFinished", e.finished == null ? null : Json.date(e.finished));
    node.put("error", e.error);
    return node;
  }

  static ObjectNode publicIp(PublicIps.IpRec ip) {
    ObjectNode node = Json.object();
    node.put("ip", ip.id);
    node.put("region", ip.region);
    if (ip.machineId != null) {
      node.put("assignedMachineId", ip.machineId);
    }
    node.put("dtCreated", Json.date(ip.created));
    return node;
  }

  static ObjectNode snapshot(Snapshots.SnapshotRec s) {
    ObjectNode node = named(s);
    node.put("machineId", s.machineId);
    node.put("isAutoSnapshot", false);
    return node;
  }

  static ObjectNode network(Storage.NetworkRec n) {
    ObjectNode node = named(n);
    node.put("region", n.region);
    node.put("network", n.network);
    node.put("netmask", "255.255.255.0");
    node.put("dtCreated", Json.date(n.created));
    node.putNull("dtDeleted");
    return node;
  }

  static ObjectNode drive(Storage.DriveRec d) {
    ObjectNode node = named(d);
    node.put("dtCreated", Json.date(d.created));
    node.putNull("dtDeleted");
    node.put("size", d.sizeGb);
    node.put("mountPoint", d.mountPoint);
    node.put("username", d.username);
    node.put("password", d.password);
    node.put("networkId", d.networkId);
    node.put("region", d.region);
    return node;
  }

  static ObjectNode osTemplate(Catalog.OsTemplate t, FaultPlan faults) {
    ObjectNode node = Json.object();
    node.put("id", t.id());
    node.put("name", t.name());
    node.put("agentType", t.agentType());
    node.put("operatingSystemLabel", t.operatingSystemLabel());
    node.put("defaultSizeGb", t.defaultSizeGb());
    node.set("availableMachineTypes", availableTypes(t.machineTypes(), faults));
    node.put("dtCreated", Json.date(t.created()));
    return node;
  }

  static ObjectNode customTemplate(Templates.TemplateRec t, FaultPlan faults) {
    ObjectNode node = named(t);
    node.put("agentType", t.agentType);
    node.put("operatingSystemLabel", t.os);
    node.put("region", t.region);
    node.put("defaultSizeGb", t.sizeGb);
    node.set("availableMachineTypes", availableTypes(Catalog.osTemplates().get(0).machineTypes(), faults));
    node.put("parentMachineId", t.parentMachineId);
    node.put("dtCreated", Json.date(t.created));
    node.putNull("dtDeleted");
    return node;
  }

  private static ArrayNode availableTypes(List<String> labels, FaultPlan faults) {
    ArrayNode types = Json.array();
    for (String label : labels) {
      ObjectNode entry = types.addObject();
      entry.put("machineTypeLabel", label);
      entry.put("isAvailable", !faults.unavailableAnywhere(label));
    }
    return types;
  }

  static ObjectNode accountStanding(boolean good) {
    ObjectNode body = Json.object();
    body.put("isInGoodStanding", good);
    body.put("hasPaymentMethod", good);
    body.put("isAdminLocked", false);
    ArrayNode messages = body.putArray("messages");
    if (!good) {
      messages.add("Your account is not in good standing. Add a credit card to continue.");
    }
    return body;
  }

  /** The body of a delete the API answers with the id alone, e.g. {@code {"id": "nw1a2b3c"}}. */
  static ObjectNode idOnly(String field, String id) {
    ObjectNode body = Json.object();
    body.put(field, id);
    return body;
  }
}
