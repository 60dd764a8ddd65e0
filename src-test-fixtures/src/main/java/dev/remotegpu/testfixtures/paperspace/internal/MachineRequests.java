package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.testfixtures.paperspace.AutoShutdownUpdateMode;
import dev.remotegpu.testfixtures.paperspace.CapacityFailure;
import java.util.List;
import java.util.Optional;

/**
 * The machine create and update requests: their fields read in the API's order, the rules the schema cannot
 * express (the same issue texts as the API), capacity faults, and the timed steps they start.
 */
final class MachineRequests {

  /** The result of a create: the answer and what the fault plan says to do with it. */
  record Created(ObjectNode body, FaultPlan.CreateOutcome outcome) {}

  private static final List<String> IP_TYPES = List.of("static", "dynamic", "none");
  private static final List<String> SNAPSHOT_FREQUENCIES = List.of("hourly", "daily", "weekly", "monthly");

  /** The fields a create and an update share, read in the API's order. */
  private record Options(
      Optional<String> networkId,
      Optional<String> publicIpType,
      Optional<Boolean> autoSnapshotEnabled,
      Optional<String> autoSnapshotFrequency,
      Optional<Double> autoSnapshotSaveCount,
      Optional<Boolean> autoShutdownEnabled,
      Optional<Double> autoShutdownTimeout,
      Optional<Boolean> autoShutdownForce) {

    static Options read(Input in) {
      return new Options(in.optionalString("networkId"), in.optionalEnum("publicIpType", IP_TYPES),
          in.optionalBoolean("autoSnapshotEnabled"), in.optionalEnum("autoSnapshotFrequency", SNAPSHOT_FREQUENCIES),
          in.optionalNumber("autoSnapshotSaveCount"), in.optionalBoolean("autoShutdownEnabled"),
          in.optionalNumber("autoShutdownTimeout"), in.optionalBoolean("autoShutdownForce"));
    }

    boolean touchesAutoShutdown() {
      return autoShutdownEnabled.isPresent() || autoShutdownTimeout.isPresent() || autoShutdownForce.isPresent();
    }
  }

  private final AccountCore core;
  private final SettingsState settings;
  private final FaultPlan faults;
  private final MachineEvents events;
  private final Machines machines;
  private final Storage storage;
  private final Templates templates;

  MachineRequests(AccountCore core, SettingsState settings, FaultPlan faults, MachineEvents events,
      Machines machines, Storage storage, Templates templates) {
    this.core = core;
    this.settings = settings;
    this.faults = faults;
    this.events = events;
    this.machines = machines;
    this.storage = storage;
    this.templates = templates;
  }

  Created create(Input in) {
    String name = in.requiredString("name", 1);
    String typeLabel = in.requiredString("machineType", 0);
    String templateId = in.requiredString("templateId", 0);
    double diskSize = in.requiredSize("diskSize");
    String regionName = in.requiredString("region", 0);
    Options o = Options.read(in);
    in.optionalBoolean("takeInitialSnapshot");
    Optional<Boolean> restorePointEnabled = in.optionalBoolean("restorePointEnabled");
    Optional<String> restorePointFrequency = in.optionalEnum("restorePointFrequency", List.of("shutdown"));
    in.optionalString("startupScriptId");
    in.optionalBoolean("emailPassword");
    Optional<Boolean> startOnCreate = in.optionalBoolean("startOnCreate");
    in.optionalBoolean("enableNvlink");
    in.check();

    Optional<Catalog.MachineType> type = Catalog.machineType(typeLabel);
    if (type.isEmpty()) {
      in.addIssue("machineType", "Invalid machine type '" + typeLabel + "'");
    }
    Optional<String> region = Catalog.region(regionName);
    if (region.isEmpty()) {
      in.addIssue("region", "Invalid region '" + regionName + "': use ny2, ca1 or ams1");
    }
    Optional<Catalog.OsTemplate> osTemplate = Catalog.osTemplate(templateId);
    Optional<Templates.TemplateRec> custom = templates.table.find(templateId);
    if (osTemplate.isEmpty() && custom.isEmpty()) {
      in.addIssue("templateId", "Template not found: " + templateId);
    }
    if (osTemplate.isPresent() && type.isPresent()
        && !osTemplate.get().machineTypes().contains(type.get().label())) {
      in.addIssue("machineType", "Machine type " + type.get().label() + " is not available for template "
          + templateId);
    }
    if (diskSize > 0 && diskSize < 50) {
      in.addIssue("diskSize", "Disk size must be at least 50 GB");
    }
    if (o.autoShutdownEnabled().orElse(false)) {
      double hours = o.autoShutdownTimeout().orElse(0.0);
      if (hours < 1 || hours > 168) {
        in.addIssue("autoShutdownTimeout",
            "Auto-shutdown timeout must be between 1 and 168 hours when auto-shutdown is enabled");
      }
    }
    if (o.networkId().isPresent()) {
      Optional<Storage.NetworkRec> network = storage.networks.find(o.networkId().get());
      if (network.isEmpty()) {
        in.addIssue("networkId", "Private network not found: " + o.networkId().get());
      } else if (region.isPresent() && !network.get().region.equals(region.get())) {
        in.addIssue("networkId", "Private network " + network.get().id + " is in " + network.get().region
            + ", not " + region.get());
      }
    }
    in.check();
    settings.requireGoodStanding("creating a machine");

    Optional<CapacityFailure> capacity = faults.takeCapacityFailure(type.get().label(), region.get());
    if (capacity.isPresent() && capacity.get() != CapacityFailure.CREATE_EVENT_ERROR) {
      throw ApiError.badRequest(String.format(Machines.CAPACITY_MESSAGE, type.get().label(), region.get()));
    }

    Machines.MachineRec m = machines.add(null, name, type.get(), region.get(), templateId,
        osTemplate.map(Catalog.OsTemplate::operatingSystemLabel).orElseGet(() -> custom.get().os),
        osTemplate.map(Catalog.OsTemplate::agentType).orElseGet(() -> custom.get().agentType),
        (long) Math.ceil(diskSize), o.publicIpType().orElse("dynamic"), "provisioning");
    m.networkId = o.networkId().orElse(null);
    m.autoShutdownEnabled = o.autoShutdownEnabled().orElse(false);
    m.autoShutdownTimeout = o.autoShutdownTimeout().orElse(null);
    m.autoShutdownForce = o.autoShutdownForce().orElse(m.autoShutdownEnabled ? Boolean.FALSE : null);
    m.autoSnapshotEnabled = o.autoSnapshotEnabled().orElse(false);
    m.autoSnapshotFrequency = o.autoSnapshotFrequency().orElse(null);
    m.autoSnapshotSaveCount = o.autoSnapshotSaveCount().orElse(null);
    m.restorePointEnabled = restorePointEnabled.orElse(false);
    m.restorePointFrequency = restorePointFrequency.orElse(null);
    machines.enter(m);
    core.notice(m.id, "none", "provisioning", "create");

    MachineEvents.EventRec event = events.create("create", m.id);
    m.currentEvent = event;
    long generation = ++m.generation;
    if (capacity.isPresent()) {
      core.afterSteps(1, () -> {
        if (machines.table.holds(m) && m.generation == generation) {
          events.finish(event, "error", String.format(Machines.CAPACITY_MESSAGE, m.type.label(), m.region));
          machines.remove(m, "capacity-error", false);
        }
      });
    } else {
      machines.scheduleSteps(m, event, startOnCreate.orElse(true) ? Machines.START_STEPS : List.of("off"),
          "create", generation);
    }
    ObjectNode body = events.answer(machines.table.render(m), event);
    return new Created(body, faults.takeCreateOutcome());
  }

  ObjectNode update(String id, Input in) {
    Machines.MachineRec m = machines.table.get(id);
    Optional<String> name = in.has("name") ? Optional.of(in.requiredString("name", 1)) : Optional.empty();
    Optional<String> typeLabel = in.optionalString("machineType");
    Optional<Double> diskSize = in.optionalSize("diskSize");
    Options o = Options.read(in);
    Optional<Boolean> restorePointEnabled = in.optionalBoolean("restorePointEnabled");
    Optional<String> restorePointFrequency = in.optionalEnum("restorePointFrequency", List.of("shutdown"));
    in.optionalString("restorePointSnapshotId");
    in.check();

    Optional<Catalog.MachineType> newType = Optional.empty();
    if (typeLabel.isPresent()) {
      newType = Catalog.machineType(typeLabel.get());
      if (newType.isEmpty()) {
        in.addIssue("machineType", "Invalid machine type '" + typeLabel.get() + "'");
      } else if (!newType.get().group().equals(m.type.group())) {
        in.addIssue("machineType", "Machine type can only change within its group: " + m.type.label()
            + " cannot become " + newType.get().label());
      }
    }
    if (diskSize.isPresent() && Math.ceil(diskSize.get()) < m.diskGb) {
      in.addIssue("diskSize", "Disk size can only grow: the disk is " + m.diskGb + " GB");
    }
    if (o.networkId().isPresent() && !o.networkId().get().equals(m.networkId)) {
      if (storage.network(o.networkId().get(), m.region).isEmpty()) {
        in.addIssue("networkId", "Private network not found in " + m.region + ": " + o.networkId().get());
      } else if (m.networkId != null) {
        in.addIssue("networkId", "A machine cannot leave its private network");
      }
    }
    if (o.publicIpType().filter("dynamic"::equals).isPresent() && !m.publicIpType.equals("dynamic")) {
      in.addIssue("publicIpType", "An existing machine cannot be switched to a dynamic public IP");
    }
    boolean touchesAutoShutdown = o.touchesAutoShutdown();
    AutoShutdownUpdateMode mode = settings.autoShutdownUpdateMode();
    if (touchesAutoShutdown && mode == AutoShutdownUpdateMode.REJECT) {
      in.addIssue(o.autoShutdownTimeout().isPresent() ? "autoShutdownTimeout" : "autoShutdownEnabled",
          "Auto-shutdown cannot be changed on an existing machine");
    }
    if (touchesAutoShutdown && mode == AutoShutdownUpdateMode.APPLY
        && o.autoShutdownEnabled().orElse(m.autoShutdownEnabled)) {
      double hours = o.autoShutdownTimeout().orElse(m.autoShutdownTimeout == null ? 0 : m.autoShutdownTimeout);
      if (hours < 1 || hours > 168) {
        in.addIssue("autoShutdownTimeout", "Auto-shutdown timeout must be between 1 and 168 hours");
      }
    }
    in.check();
    boolean resize = (newType.isPresent() && newType.get() != m.type)
        || (diskSize.isPresent() && (long) Math.ceil(diskSize.get()) != m.diskGb);
    if (resize && !m.state.equals("off")) {
      throw ApiError.badRequest("Machine " + id + " must be off to change its machine type or disk size; it is "
          + m.state);
    }

    name.ifPresent(value -> m.name = value);
    o.networkId().ifPresent(value -> m.networkId = value);
    o.autoSnapshotEnabled().ifPresent(value -> m.autoSnapshotEnabled = value);
    o.autoSnapshotFrequency().ifPresent(value -> m.autoSnapshotFrequency = value);
    o.autoSnapshotSaveCount().ifPresent(value -> m.autoSnapshotSaveCount = value);
    restorePointEnabled.ifPresent(value -> m.restorePointEnabled = value);
    restorePointFrequency.ifPresent(value -> m.restorePointFrequency = value);
    if (o.publicIpType().isPresent() && !o.publicIpType().get().equals(m.publicIpType)) {
      machines.changeIpType(m, o.publicIpType().get());
    }
    if (touchesAutoShutdown && mode == AutoShutdownUpdateMode.APPLY) {
      o.autoShutdownEnabled().ifPresent(value -> m.autoShutdownEnabled = value);
      o.autoShutdownTimeout().ifPresent(value -> m.autoShutdownTimeout = value);
      o.autoShutdownForce().ifPresent(value -> m.autoShutdownForce = value);
      machines.armAutoShutdown(m);
    }
    m.modified = core.now();
    if (!resize) {
      ObjectNode body = Json.object();
      body.set("data", machines.table.render(m));
      return body;
    }
    newType.ifPresent(value -> m.type = value);
    diskSize.ifPresent(value -> m.diskGb = (long) Math.ceil(value));
    return machines.operate(m, "vm-upgrade", List.of("upgrading", "off"), "api-update");
  }
}
