package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.Rate;
import dev.remotegpu.testfixtures.paperspace.MachineSeed;
import dev.remotegpu.testfixtures.paperspace.SimMachine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Machines and their state machine: power operations run as timed steps a lifecycle step apart, each under an
 * event; the auto-shutdown timer; removal (with the machine's snapshots and static IPs); the hourly compute and
 * disk charge. Creating and updating (their validation) is {@link MachineRequests}.
 */
final class Machines {

  /** A machine and its mutable state. */
  static final class MachineRec extends Row.Named {
    Catalog.MachineType type;
    String region;
    String templateId;
    String os;
    String agentType;
    long diskGb;
    String publicIpType;
    String publicIp;
    String privateIp;
    String networkId;
    boolean autoShutdownEnabled;
    Double autoShutdownTimeout;
    Boolean autoShutdownForce;
    boolean autoSnapshotEnabled;
    String autoSnapshotFrequency;
    Double autoSnapshotSaveCount;
    boolean restorePointEnabled;
    String restorePointFrequency;
    Instant modified;
    String state;
    Instant poweredOnAt;
    long generation;
    long timerToken;
    boolean ranThisHour;
    MachineEvents.EventRec currentEvent;
  }

  static final List<String> START_STEPS = List.of("starting", "serviceready", "ready");
  private static final List<String> STOP_STEPS = List.of("stopping", "off");
  private static final Set<String> RUNNING = Set.of("starting", "serviceready", "ready", "restarting");
  private static final Set<String> COMPUTE_BILLED =
      Set.of("starting", "serviceready", "ready", "restarting", "stopping", "upgrading");
  static final String CAPACITY_MESSAGE =
      "We are currently out of capacity for the selected machine type %s in region %s. "
          + "Please try again later or choose a different machine type or region.";

  private final AccountCore core;
  private final SettingsState settings;
  private final FaultPlan faults;
  private final MachineEvents events;
  private final PublicIps ips;
  private final List<Consumer<String>> removalHooks = new ArrayList<>();
  final NamedTable<MachineRec> table;
  private int privateIpCounter = 10;

  Machines(AccountCore core, SettingsState settings, FaultPlan faults, MachineEvents events,
      NamedTable<MachineRec> table, PublicIps ips) {
    this.core = core;
    this.settings = settings;
    this.faults = faults;
    this.events = events;
    this.table = table;
    this.ips = ips;
    table.onDelete(m -> {
      MachineEvents.EventRec event = events.create("deactivate", m.id);
      events.cancelIfRunning(m.currentEvent);
      ObjectNode data = table.render(m);
      data.put("dtDeleted", Json.date(core.now()));
      remove(m, "api-delete", true);
      return events.answerQuickly(data, event);
    });
  }

  // ---------------------------------------------------------------- billing

  /** Charges every machine for the hour starting at {@code hourStart} and starts the next hour's record. */
  void chargeHour(Instant hourStart) {
    for (MachineRec m : table.rows()) {
      charge(m, hourStart);
      m.ranThisHour = COMPUTE_BILLED.contains(m.state);
    }
  }

  /** Compute for an hour in which the machine ran at all, and its disk for every hour. */
  private void charge(MachineRec m, Instant hourStart) {
    if (m.ranThisHour || COMPUTE_BILLED.contains(m.state)) {
      core.meter().chargeHour(BillableKind.MACHINE, m.id, Rate.hourly(Money.usd(m.type.usageRate())), hourStart);
    }
    core.meter().chargeHour(BillableKind.BLOCK_STORAGE, m.id,
        Rate.monthly(Money.usd(Catalog.diskPricePerMonth(m.diskGb))), hourStart);
  }

  // ---------------------------------------------------------------- the state machine

  private void transition(MachineRec m, String to, String reason) {
    String from = m.state;
    m.state = to;
    m.modified = core.now();
    if (COMPUTE_BILLED.contains(to)) {
      m.ranThisHour = true;
    }
    if (to.equals("starting") && (from.equals("off") || from.equals("provisioning"))) {
      poweredOn(m);
    }
    if (to.equals("off")) {
      if (m.publicIpType.equals("dynamic")) {
        m.publicIp = null;
      }
      m.timerToken++;
    }
    core.notice(m.id, from, to, reason);
  }

  /** A power-on: a dynamic IP is handed out and the auto-shutdown window starts. */
  private void poweredOn(MachineRec m) {
    m.poweredOnAt = core.now();
    if (m.publicIpType.equals("dynamic")) {
      m.publicIp = core.nextPublicIp();
    }
    armAutoShutdown(m);
  }

  /** (Re)starts the auto-shutdown timer from the last power-on; an older timer no longer fires. */
  void armAutoShutdown(MachineRec m) {
    long token = ++m.timerToken;
    if (!m.autoShutdownEnabled || m.autoShutdownTimeout == null || m.poweredOnAt == null
        || !RUNNING.contains(m.state)) {
      return;
    }
    Instant due = m.poweredOnAt.plusSeconds(Math.round(m.autoShutdownTimeout * 3600));
    core.schedule(due.isBefore(core.now()) ? core.now() : due, () -> {
      if (table.holds(m) && m.timerToken == token && RUNNING.contains(m.state)) {
        MachineEvents.EventRec event = events.create("stop", m.id);
        event.state = "in progress";
        event.started = core.now();
        runSteps(m, event, STOP_STEPS, "auto-shutdown");
      }
    });
  }

  /** Enters the first state now and each later one a lifecycle step apart; finishes the event with the last. */
  void runSteps(MachineRec m, MachineEvents.EventRec event, List<String> states, String reason) {
    events.cancelIfRunning(m.currentEvent);
    m.currentEvent = event;
    long generation = ++m.generation;
    transition(m, states.get(0), reason);
    if (states.size() == 1) {
      events.finish(event, "done", null);
      return;
    }
    scheduleSteps(m, event, states.subList(1, states.size()), reason, generation);
  }

  /** Schedules {@code states} one lifecycle step apart from the next step on, unless a newer operation came. */
  void scheduleSteps(MachineRec m, MachineEvents.EventRec event, List<String> states, String reason,
      long generation) {
    for (int i = 0; i < states.size(); i++) {
      String state = states.get(i);
      boolean last = i == states.size() - 1;
      core.afterSteps(1 + i, () -> {
        if (table.holds(m) && m.generation == generation) {
          transition(m, state, reason);
          if (last) {
            events.finish(event, "done", null);
          }
        }
      });
    }
  }

  /** Runs {@code steps} under a new event {@code eventName} and answers with the machine and the event. */
  ObjectNode operate(MachineRec m, String eventName, List<String> steps, String reason) {
    MachineEvents.EventRec event = events.create(eventName, m.id);
    runSteps(m, event, steps, reason);
    return events.answer(table.render(m), event);
  }

  /**
   * Takes a machine out of the account: its snapshots are deleted (unless the settings say they survive) and its
   * static IP is unassigned (and kept, still billing). A billed removal (a delete) charges the hour in progress;
   * an unbilled one (a create that failed for capacity) also releases the static IP that was claimed for it.
   */
  void remove(MachineRec m, String reason, boolean billed) {
    if (billed) {
      charge(m, core.hourStart());
    }
    m.generation++;
    m.timerToken++;
    table.remove(m);
    removalHooks.forEach(hook -> hook.accept(m.id));
    ips.unassignFrom(m.id, !billed);
    core.notice(m.id, m.state, "deleted", reason);
  }

  /** Adds what happens to a family's records when the machine with the given id leaves the account. */
  void onRemoval(Consumer<String> hook) {
    removalHooks.add(hook);
  }

  // ---------------------------------------------------------------- the API

  ObjectNode list(Input query) {
    List<MachineRec> named = table.byNameAndRegion(query, m -> m.region);
    Optional<String> agentType = query.optionalString("agentType");
    Optional<String> machineType = query.optionalString("machineType");
    List<MachineRec> matching = named.stream()
        .filter(m -> agentType.isEmpty() || m.agentType.equalsIgnoreCase(agentType.get()))
        .filter(m -> machineType.isEmpty() || m.type.label().equalsIgnoreCase(machineType.get()))
        .toList();
    return table.pageByName(matching, query, Map.of("state", m -> m.state));
  }

  ObjectNode start(String id, String reason) {
    MachineRec m = table.get(id);
    settings.requireGoodStanding("starting a machine");
    if (!m.state.equals("off")) {
      throw ApiError.badRequest("Machine " + id + " cannot be started while it is " + m.state + "; it must be off");
    }
    if (faults.takeStartCapacityFailure(m.type.label(), m.region)) {
      throw ApiError.badRequest(String.format(CAPACITY_MESSAGE, m.type.label(), m.region));
    }
    return operate(m, "start", START_STEPS, reason);
  }

  ObjectNode stop(String id) {
    MachineRec m = table.get(id);
    if (!Set.of("ready", "serviceready", "starting").contains(m.state)) {
      throw ApiError.badRequest("Machine " + id + " cannot be stopped while it is " + m.state);
    }
    return operate(m, "stop", STOP_STEPS, "api-stop");
  }

  ObjectNode restart(String id) {
    MachineRec m = table.get(id);
    if (!Set.of("ready", "serviceready").contains(m.state)) {
      throw ApiError.badRequest("Machine " + id + " cannot be restarted while it is " + m.state
          + "; it must be running");
    }
    return operate(m, "restart", List.of("restarting", "ready"), "api-restart");
  }

  ObjectNode availability(Input query) {
    String typeLabel = query.requiredString("machineType", 1);
    String regionName = query.requiredString("region", 1);
    query.check();
    Optional<Catalog.MachineType> type = Catalog.machineType(typeLabel);
    Optional<String> region = Catalog.region(regionName);
    if (type.isEmpty()) {
      query.addIssue("machineType", "Invalid machine type '" + typeLabel + "'");
    }
    if (region.isEmpty()) {
      query.addIssue("region", "Invalid region '" + regionName + "': use ny2, ca1 or ams1");
    }
    query.check();
    ObjectNode body = Json.object();
    body.put("available", !faults.unavailable(type.get().label(), region.get()));
    return body;
  }

  /** What a snapshot or a template is made of: the request's name and the machine it names. */
  record Source(String name, MachineRec machine) {}

  /**
   * Reads the {@code name} and {@code machineId} (each at least {@code minLength} long) of a request that makes
   * something from a machine, which must exist, in an account allowed to do {@code action}.
   */
  Source source(Input in, int minLength, String action) {
    String name = in.requiredString("name", minLength);
    String machineId = in.requiredString("machineId", minLength);
    in.check();
    MachineRec m = table.get(machineId);
    settings.requireGoodStanding(action);
    return new Source(name, m);
  }

  // ---------------------------------------------------------------- records

  /** A new machine record in {@code state}, in the table, with its private IP and (when static) its public one. */
  MachineRec add(String fixedId, String name, Catalog.MachineType type, String region, String templateId,
      String os, String agentType, long diskGb, String publicIpType, String state) {
    MachineRec m = new MachineRec();
    m.id = fixedId != null ? fixedId : core.lowerId("ps", 12);
    m.seq = core.nextSeq();
    m.name = name;
    m.type = type;
    m.region = region;
    m.templateId = templateId;
    m.os = os;
    m.agentType = agentType;
    m.diskGb = diskGb;
    m.publicIpType = publicIpType;
    int n = privateIpCounter++;
    m.privateIp = "10.64." + (n / 250) + "." + (n % 250 + 2);
    m.created = core.now();
    m.modified = core.now();
    m.state = state;
    return m;
  }

  /** Enters {@code m} in the table, claiming its static IP if it has one. */
  void enter(MachineRec m) {
    table.add(m);
    if (m.publicIpType.equals("static")) {
      m.publicIp = ips.claim(m.region, m.id).id;
    }
  }

  /** Switches the public IP type of {@code m}: a static address it had is kept, unassigned. */
  void changeIpType(MachineRec m, String type) {
    if (m.publicIpType.equals("static")) {
      ips.unassignFrom(m.id, false);
    }
    m.publicIpType = type;
    m.publicIp = null;
    if (type.equals("static")) {
      m.publicIp = ips.claim(m.region, m.id).id;
    }
  }

  /** Adds a machine in a stable state, as a seed says, with no event. */
  SimMachine seed(String fixedId, MachineSeed seed, Catalog.MachineType type, String region,
      Catalog.OsTemplate template) {
    if (fixedId != null && table.contains(fixedId)) {
      throw new IllegalArgumentException("machine " + fixedId + " is already in the simulated account");
    }
    MachineRec m = add(fixedId, seed.name(), type, region, template.id(), template.operatingSystemLabel(),
        template.agentType(), seed.diskSizeGb(), seed.publicIpType().name().toLowerCase(Locale.ROOT),
        seed.state());
    m.autoShutdownEnabled = seed.autoShutdownTimeout().isPresent();
    m.autoShutdownTimeout = seed.autoShutdownTimeout().map(d -> d.toSeconds() / 3600.0).orElse(null);
    m.autoShutdownForce = m.autoShutdownEnabled ? Boolean.FALSE : null;
    enter(m);
    if (m.state.equals("ready")) {
      m.ranThisHour = true;
      poweredOn(m);
    }
    return view(m);
  }

  /** Powers a machine off at once, out of band. */
  void powerOff(String machineId, String reason) {
    MachineRec m = existing(machineId);
    if (!m.state.equals("off")) {
      runSteps(m, events.create("vm-shutdown-force", m.id), List.of("off"), reason);
    }
  }

  /** Powers an off machine on, out of band. */
  void powerOn(String machineId) {
    MachineRec m = existing(machineId);
    if (!m.state.equals("off")) {
      throw new IllegalStateException("machine " + machineId + " is " + m.state + ", not off");
    }
    MachineEvents.EventRec event = events.create("start", m.id);
    runSteps(m, event, START_STEPS, "out-of-band");
    events.begin(event);
  }

  private MachineRec existing(String machineId) {
    return table.find(machineId).orElseThrow(
        () -> new IllegalArgumentException("no machine " + machineId + " in the simulated account"));
  }

  SimMachine view(MachineRec m) {
    return new SimMachine(m.id, m.name, m.state, m.type.label(), m.region, m.templateId, m.diskGb,
        Optional.ofNullable(m.publicIp), PublicIpType.valueOf(m.publicIpType.toUpperCase(Locale.ROOT)),
        m.autoShutdownEnabled,
        Optional.ofNullable(m.autoShutdownTimeout).map(h -> Duration.ofSeconds(Math.round(h * 3600))),
        m.type.usageRate(), Catalog.diskPricePerMonth(m.diskGb), Optional.ofNullable(m.networkId), m.created,
        Optional.ofNullable(m.poweredOnAt));
  }
}
