package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.testfixtures.paperspace.BillingMeter;
import dev.remotegpu.testfixtures.paperspace.Charge;
import dev.remotegpu.testfixtures.paperspace.MachineListener;
import dev.remotegpu.testfixtures.paperspace.MachineSeed;
import dev.remotegpu.testfixtures.paperspace.SimMachine;
import dev.remotegpu.testfixtures.paperspace.SimMachineEvent;
import dev.remotegpu.testfixtures.paperspace.SimPublicIp;
import dev.remotegpu.testfixtures.paperspace.SimSharedDrive;
import dev.remotegpu.testfixtures.paperspace.SimSnapshot;
import dev.remotegpu.testfixtures.paperspace.SimulatedAccount;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The simulated account: the resource families wired to one {@link AccountCore} (one lock, one clock, one id
 * source), and the {@link SimulatedAccount} view tests read and seed. All state is guarded by the core's lock;
 * listener notifications are delivered after it is released. Time moves only when {@link #progress()} brings the
 * simulation up to the clock, which happens on every request, every account read and every move of a simulated
 * clock.
 */
public final class AccountState implements SimulatedAccount {

  private final AccountCore core;
  private final SettingsState settings;
  final MachineEvents events;
  final Machines machines;
  final MachineRequests machineRequests;
  final PublicIps ips;
  final Snapshots snapshots;
  final Storage storage;
  final Templates templates;

  /** An empty account on {@code clock}, whose lifecycle steps each take {@code transitionDelay}. */
  public AccountState(Clock clock, Duration transitionDelay, Supplier<String> publicIps, FaultPlan faults,
      SettingsState settings, long seed) {
    Objects.requireNonNull(faults, "faults");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.core = new AccountCore(clock, transitionDelay, publicIps, seed);
    NamedTable<Machines.MachineRec> machineTable = new NamedTable<>("Machine", Codecs::machine);
    this.events = new MachineEvents(core);
    this.ips = new PublicIps(core, settings, machineTable);
    this.machines = new Machines(core, settings, faults, events, machineTable, ips);
    this.snapshots = new Snapshots(core, settings, events, machines);
    this.storage = new Storage(core, settings, machineTable);
    this.templates = new Templates(core, faults, events, machines);
    machines.onRemoval(snapshots::machineDeleted);
    this.machineRequests = new MachineRequests(core, settings, faults, events, machines, storage, templates);
    core.everyHour(machines::chargeHour);
    core.everyHour(ips.table::chargeHour);
    core.everyHour(snapshots.table::chargeHour);
    core.everyHour(storage.drives::chargeHour);
  }

  /** Registers a listener for machine state changes. */
  public void addListener(MachineListener listener) {
    core.addListener(listener);
  }

  /** Brings the simulation up to the clock: runs every due step, timer and hourly meter tick, in time order. */
  public void progress() {
    core.progress();
  }

  /** Runs {@code body} under the account's lock after bringing time up to the clock, then notifies listeners. */
  <T> T locked(Supplier<T> body) {
    return core.locked(body);
  }

  /** The account's billing standing, as {@code GET /billing/account-standing} answers it. */
  ObjectNode accountStanding() {
    return Codecs.accountStanding(settings.inGoodStanding());
  }

  // ---------------------------------------------------------------- SimulatedAccount

  @Override
  public List<SimMachine> machines() {
    return locked(() -> machines.table.rows().stream().map(machines::view).toList());
  }

  @Override
  public Optional<SimMachine> machine(String id) {
    Objects.requireNonNull(id, "id");
    return locked(() -> machines.table.find(id).map(machines::view));
  }

  @Override
  public List<SimPublicIp> publicIps() {
    return locked(ips::views);
  }

  @Override
  public List<SimSnapshot> snapshots() {
    return locked(snapshots::views);
  }

  @Override
  public List<SimMachineEvent> machineEvents() {
    return locked(events::views);
  }

  @Override
  public void restoreMachineEvent(SimMachineEvent event) {
    Objects.requireNonNull(event, "event");
    locked(() -> {
      events.restore(event);
      machines.table.find(event.machineId()).filter(m -> event.name().equals("create"))
          // A restored machine was created when its create event says, not when the account was loaded.
          .ifPresent(m -> m.created = event.at());
      return null;
    });
  }

  @Override
  public List<SimSharedDrive> sharedDrives() {
    return locked(storage::views);
  }

  private static String regionOrThrow(String region) {
    Objects.requireNonNull(region, "region");
    return Catalog.region(region)
        .orElseThrow(() -> new IllegalArgumentException("unknown region '" + region + "': use ny2, ca1 or ams1"));
  }

  private static void requirePositive(long sizeGb) {
    if (sizeGb <= 0) {
      throw new IllegalArgumentException("sizeGb must be positive: " + sizeGb);
    }
  }

  @Override
  public SimPublicIp addStaticIp(String region) {
    String shortRegion = regionOrThrow(region);
    return locked(() -> PublicIps.view(ips.claim(shortRegion, null)));
  }

  @Override
  public SimSnapshot addSnapshot(Optional<String> machineId, String name, long sizeGb) {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(name, "name");
    requirePositive(sizeGb);
    return locked(() -> snapshots.seed(machineId, name, sizeGb));
  }

  @Override
  public SimSharedDrive addSharedDrive(String name, String region, long sizeGb) {
    Objects.requireNonNull(name, "name");
    String shortRegion = regionOrThrow(region);
    requirePositive(sizeGb);
    return locked(() -> storage.seedDrive(name, shortRegion, sizeGb));
  }

  @Override
  public SimMachine addMachine(MachineSeed seed) {
    return addMachine(null, seed);
  }

  @Override
  public SimMachine restoreMachine(String id, MachineSeed seed) {
    return addMachine(Objects.requireNonNull(id, "id"), seed);
  }

  @Override
  public SimSnapshot restoreSnapshot(SimSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    return locked(() -> snapshots.restore(snapshot));
  }

  private SimMachine addMachine(String fixedId, MachineSeed seed) {
    Objects.requireNonNull(seed, "seed");
    Catalog.MachineType type = Catalog.machineType(seed.machineType())
        .orElseThrow(() -> new IllegalArgumentException("unknown machine type '" + seed.machineType() + "'"));
    String region = regionOrThrow(seed.region());
    Catalog.OsTemplate template = Catalog.osTemplate(seed.templateId())
        .orElseThrow(() -> new IllegalArgumentException("unknown template '" + seed.templateId() + "'"));
    return locked(() -> machines.seed(fixedId, seed, type, region, template));
  }

  @Override
  public void powerOff(String machineId, String reason) {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(reason, "reason");
    locked(() -> {
      machines.powerOff(machineId, reason);
      return null;
    });
  }

  @Override
  public void powerOn(String machineId) {
    Objects.requireNonNull(machineId, "machineId");
    locked(() -> {
      machines.powerOn(machineId);
      return null;
    });
  }

  /** The meter as the public view, each read brought up to the clock first. */
  public BillingMeter meter() {
    Meter meter = core.meter();
    return new BillingMeter() {
      @Override
      public List<Charge> charges() {
        return locked(meter::charges);
      }

      @Override
      public Money accrued(BillableKind kind, String resourceId) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resourceId, "resourceId");
        return locked(() -> meter.accrued(kind, resourceId));
      }

      @Override
      public Money total(BillableKind kind) {
        Objects.requireNonNull(kind, "kind");
        return locked(() -> meter.total(kind));
      }

      @Override
      public Money total() {
        return locked(meter::total);
      }
    };
  }
}
