package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.Rate;
import dev.remotegpu.testfixtures.paperspace.AutoShutdownUpdateMode;
import dev.remotegpu.testfixtures.paperspace.BillingMeter;
import dev.remotegpu.testfixtures.paperspace.CapacityFailure;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The simulated account: every resource, the machine state machine with its timed steps, the auto-shutdown
 * timers and the hourly meter. All state is guarded by one lock; listener notifications are delivered after it
 * is released. Time moves only when {@link #progress()} brings the simulation up to the clock, which happens on
 * every request, every account read and every move of a simulated clock.
 */
public final class AccountState implements SimulatedAccount {

  private static final Set<String> RUNNING = Set.of("starting", "serviceready", "ready", "restarting");
  private static final Set<String> COMPUTE_BILLED =
      Set.of("starting", "serviceready", "ready", "restarting", "stopping", "upgrading");
  private static final String CAPACITY_MESSAGE =
      "We are currently out of capacity for the selected machine type %s in region %s. "
          + "Please try again later or choose a different machine type or region.";

  /** A machine and its mutable state. */
  /** What every named, listable record has: its id, creation order, name and creation time. */
  private abstract static class NamedRec {
    String id;
    long seq;
    String name;
    Instant created;
  }

  private static final class MachineRec extends NamedRec {
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
    EventRec currentEvent;
  }

  /** A machine event. */
  private static final class EventRec {
    String id;
    long seq;
    String name;
    String state;
    String machineId;
    Instant created;
    Instant started;
    Instant finished;
    String error;
  }

  private static final class IpRec {
    String ip;
    long seq;
    String region;
    String machineId;
    Instant created;
  }

  private static final class SnapshotRec extends NamedRec {
    String machineId;
    boolean linked;
    long sizeGb;
  }

  private static final class DriveRec extends NamedRec {
    String region;
    long sizeGb;
    String networkId;
    String mountPoint;
    String username;
    String password;
  }

  private static final class NetworkRec extends NamedRec {
    String region;
    String network;
  }

  private static final class TemplateRec extends NamedRec {
    String region;
    String parentMachineId;
    String agentType;
    String os;
    long sizeGb;
  }

  private record Task(Instant at, long order, Runnable action) {}

  private record Notice(String machineId, String from, String to, String reason) {}

  private final Object lock = new Object();
  private final Clock clock;
  private final Duration delay;
  private final Supplier<String> publicIps;
  private final FaultPlan faults;
  private final SettingsState settings;
  private final Random random;
  private final List<MachineListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Notice> notices = new ArrayList<>();

  private final Map<String, MachineRec> machines = new LinkedHashMap<>();
  private final Map<String, EventRec> events = new LinkedHashMap<>();
  private final Map<String, IpRec> ips = new LinkedHashMap<>();
  private final Map<String, SnapshotRec> snapshots = new LinkedHashMap<>();
  private final Map<String, DriveRec> drives = new LinkedHashMap<>();
  private final Map<String, NetworkRec> networks = new LinkedHashMap<>();
  private final Map<String, TemplateRec> templates = new LinkedHashMap<>();
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparing(Task::at).thenComparingLong(Task::order));
  private final Meter meter = new Meter();

  private long sequence;
  private int privateIpCounter = 10;
  private Instant now;
  private Instant lastTick;

  /** An empty account on {@code clock}, whose lifecycle steps each take {@code transitionDelay}. */
  public AccountState(Clock clock, Duration transitionDelay, Supplier<String> publicIps, FaultPlan faults,
      SettingsState settings, long seed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.delay = Objects.requireNonNull(transitionDelay, "transitionDelay");
    this.publicIps = Objects.requireNonNull(publicIps, "publicIps");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = new Random(seed);
    this.now = clock.instant();
    this.lastTick = now.truncatedTo(ChronoUnit.HOURS);
  }

  /** Registers a listener for machine state changes. */
  public void addListener(MachineListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  // ---------------------------------------------------------------- time

  /** Brings the simulation up to the clock: runs every due step, timer and hourly meter tick, in time order. */
  public void progress() {
    locked(() -> null);
  }

  /** Runs {@code body} under the lock after bringing time up to the clock, then delivers notifications. */
  <T> T locked(Supplier<T> body) {
    List<Notice> toSend;
    T result;
    try {
      synchronized (lock) {
        advanceTo(clock.instant());
        result = body.get();
      }
    } finally {
      synchronized (lock) {
        toSend = List.copyOf(notices);
        notices.clear();
      }
      for (Notice notice : toSend) {
        for (MachineListener listener : listeners) {
          listener.onTransition(notice.machineId(), notice.from(), notice.to(), notice.reason());
        }
      }
    }
    return result;
  }

  private void advanceTo(Instant target) {
    while (true) {
      Instant nextTick = lastTick.plus(1, ChronoUnit.HOURS);
      Task head = tasks.peek();
      if (!nextTick.isAfter(target) && (head == null || !nextTick.isAfter(head.at()))) {
        now = nextTick;
        tick(nextTick);
        lastTick = nextTick;
      } else if (head != null && !head.at().isAfter(target)) {
        tasks.poll();
        if (head.at().isAfter(now)) {
          now = head.at();
        }
        head.action().run();
      } else {
        break;
      }
    }
    if (target.isAfter(now)) {
      now = target;
    }
  }

  private void schedule(Instant at, Runnable action) {
    tasks.add(new Task(at, ++sequence, action));
  }

  private void tick(Instant at) {
    Instant hourStart = at.minus(1, ChronoUnit.HOURS);
    for (MachineRec m : machines.values()) {
      chargeMachine(m, hourStart);
      m.ranThisHour = COMPUTE_BILLED.contains(m.state);
    }
    for (IpRec ip : ips.values()) {
      chargeIp(ip, hourStart);
    }
    for (SnapshotRec s : snapshots.values()) {
      chargeSnapshot(s, hourStart);
    }
    for (DriveRec d : drives.values()) {
      chargeDrive(d, hourStart);
    }
  }

  private void chargeMachine(MachineRec m, Instant hourStart) {
    if (m.ranThisHour || COMPUTE_BILLED.contains(m.state)) {
      meter.chargeHour(BillableKind.MACHINE, m.id, Rate.hourly(Money.usd(m.type.usageRate())), hourStart);
    }
    meter.chargeHour(BillableKind.BLOCK_STORAGE, m.id, Rate.monthly(Money.usd(Catalog.diskPricePerMonth(m.diskGb))),
        hourStart);
  }

  private void chargeIp(IpRec ip, Instant hourStart) {
    meter.chargeHour(BillableKind.PUBLIC_IP, ip.ip,
        Rate.hourlyCapped(Money.usd(Catalog.STATIC_IP_PER_HOUR), Money.usd(Catalog.STATIC_IP_MONTHLY_CAP)),
        hourStart);
  }

  private void chargeSnapshot(SnapshotRec s, Instant hourStart) {
    meter.chargeHour(BillableKind.SNAPSHOT, s.id, Rate.monthly(Money.usd(Catalog.storagePricePerMonth(s.sizeGb))),
        hourStart);
  }

  private void chargeDrive(DriveRec d, Instant hourStart) {
    meter.chargeHour(BillableKind.SHARED_STORAGE, d.id,
        Rate.monthly(Money.usd(Catalog.storagePricePerMonth(d.sizeGb))), hourStart);
  }

  // ---------------------------------------------------------------- ids

  private String randomId(String prefix, int length, String alphabet) {
    StringBuilder id = new StringBuilder(prefix);
    while (id.length() < length) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  private String lowerId(String prefix, int length) {
    return randomId(prefix, length, "abcdefghijklmnopqrstuvwxyz0123456789");
  }

  private String nextPublicIp() {
    return Objects.requireNonNull(publicIps.get(), "the public IP supplier returned null");
  }

  // ---------------------------------------------------------------- machine state machine

  private void transition(MachineRec m, String to, String reason) {
    String from = m.state;
    m.state = to;
    m.modified = now;
    if (COMPUTE_BILLED.contains(to)) {
      m.ranThisHour = true;
    }
    if (to.equals("starting") && (from.equals("off") || from.equals("provisioning"))) {
      m.poweredOnAt = now;
      if (m.publicIpType.equals("dynamic")) {
        m.publicIp = nextPublicIp();
      }
      armAutoShutdown(m);
    }
    if (to.equals("off")) {
      if (m.publicIpType.equals("dynamic")) {
        m.publicIp = null;
      }
      m.timerToken++;
    }
    notices.add(new Notice(m.id, from, to, reason));
  }

  private void armAutoShutdown(MachineRec m) {
    long token = ++m.timerToken;
    if (!m.autoShutdownEnabled || m.autoShutdownTimeout == null || m.poweredOnAt == null
        || !RUNNING.contains(m.state)) {
      return;
    }
    Instant due = m.poweredOnAt.plusSeconds(Math.round(m.autoShutdownTimeout * 3600));
    schedule(due.isBefore(now) ? now : due, () -> {
      if (machines.get(m.id) == m && m.timerToken == token && RUNNING.contains(m.state)) {
        EventRec event = newEvent("stop", m.id);
        event.state = "in progress";
        event.started = now;
        runSteps(m, event, List.of("stopping", "off"), "auto-shutdown");
      }
    });
  }

  /** Enters the first state now and each later one a transition delay apart; finishes the event with the last. */
  private void runSteps(MachineRec m, EventRec event, List<String> states, String reason) {
    if (m.currentEvent != null && m.currentEvent.finished == null) {
      m.currentEvent.state = "cancelled";
      m.currentEvent.finished = now;
    }
    m.currentEvent = event;
    long generation = ++m.generation;
    transition(m, states.get(0), reason);
    if (states.size() == 1) {
      finish(event, "done", null);
      return;
    }
    scheduleRemaining(m, event, states.subList(1, states.size()), reason, generation, 1);
  }

  private void scheduleRemaining(MachineRec m, EventRec event, List<String> states, String reason,
      long generation, int stepsAhead) {
    for (int i = 0; i < states.size(); i++) {
      String state = states.get(i);
      boolean last = i == states.size() - 1;
      schedule(now.plus(delay.multipliedBy(stepsAhead + i)), () -> {
        if (machines.get(m.id) == m && m.generation == generation) {
          transition(m, state, reason);
          if (last) {
            finish(event, "done", null);
          }
        }
      });
    }
  }

  private EventRec newEvent(String name, String machineId) {
    EventRec event = new EventRec();
    event.id = randomId("", 36, "0123456789abcdef");
    event.id = event.id.substring(0, 8) + "-" + event.id.substring(8, 12) + "-" + event.id.substring(12, 16) + "-"
        + event.id.substring(16, 20) + "-" + event.id.substring(20, 32);
    event.seq = ++sequence;
    event.name = name;
    event.state = "new";
    event.machineId = machineId;
    event.created = now;
    events.put(event.id, event);
    return event;
  }

  private void finish(EventRec event, String state, String error) {
    if (event.finished != null) {
      return;
    }
    if (event.started == null) {
      event.started = now;
    }
    event.state = state;
    event.finished = now;
    event.error = error;
  }

  /** Marks a freshly answered event as running, so the answer said "new" and later reads say "in progress". */
  private void begin(EventRec event) {
    if (event.state.equals("new")) {
      event.state = "in progress";
      event.started = now;
    }
  }

  private MachineRec machineOr404(String id) {
    return found(machines, id, "Machine");
  }

  /** Record {@code id} of {@code records}, or the API's 404 naming {@code what} (for example "Snapshot"). */
  private static <R> R found(Map<String, R> records, String id, String what) {
    R record = records.get(id);
    if (record == null) {
      throw ApiError.notFound(what + " not found: " + id);
    }
    return record;
  }

  /** One page of {@code matching}, ordered by creation time (the default) or name, as the API allows. */
  private static <R extends NamedRec> ObjectNode pageByDateOrName(List<R> matching, Input query,
      Function<R, JsonNode> render) {
    Map<String, Function<R, String>> keys = new LinkedHashMap<>();
    keys.put("dtCreated", r -> Json.date(r.created));
    keys.put("name", r -> r.name);
    return Paging.page(matching, query, keys, "dtCreated", r -> r.seq, render);
  }

  /** Records matching the query's optional exact {@code name} and {@code region} (any region spelling). */
  private static <R extends NamedRec> List<R> byNameAndRegion(Map<String, R> records, Input query,
      Function<R, String> regionOf) {
    Optional<String> name = query.optionalString("name");
    Optional<String> region = query.optionalString("region").map(r -> Catalog.region(r).orElse(r));
    return records.values().stream()
        .filter(r -> name.isEmpty() || r.name.equals(name.get()))
        .filter(r -> region.isEmpty() || regionOf.apply(r).equalsIgnoreCase(region.get())).toList();
  }

  /** PUT with an optional new {@code name}: renames record {@code id} of {@code records} and renders it. */
  private <R extends NamedRec> ObjectNode rename(Map<String, R> records, String id, Input in, String what,
      Function<R, ObjectNode> render) {
    return locked(() -> {
      Optional<String> name = in.optionalString("name");
      in.check();
      R record = found(records, id, what);
      name.ifPresent(value -> record.name = value);
      return render.apply(record);
    });
  }

  private void requireGoodStanding(String action) {
    if (!settings.inGoodStanding()) {
      throw ApiError.ofStatus(403, "Your account is not in good standing; " + action
          + " is not allowed. Add a valid payment method or contact support.");
    }
  }

  // ---------------------------------------------------------------- machines API

  /** The result of a create: the answer and what the fault plan says to do with it. */
  record Created(ObjectNode body, FaultPlan.CreateOutcome outcome) {}

  Created createMachine(Input in) {
    return locked(() -> {
      String name = in.requiredString("name", 1);
      String typeLabel = in.requiredString("machineType", 0);
      String templateId = in.requiredString("templateId", 0);
      double diskSize = in.requiredSize("diskSize");
      String regionName = in.requiredString("region", 0);
      Optional<String> networkId = in.optionalString("networkId");
      Optional<String> publicIpType = in.optionalEnum("publicIpType", List.of("static", "dynamic", "none"));
      Optional<Boolean> autoSnapshotEnabled = in.optionalBoolean("autoSnapshotEnabled");
      Optional<String> autoSnapshotFrequency =
          in.optionalEnum("autoSnapshotFrequency", List.of("hourly", "daily", "weekly", "monthly"));
      Optional<Double> autoSnapshotSaveCount = in.optionalNumber("autoSnapshotSaveCount");
      Optional<Boolean> autoShutdownEnabled = in.optionalBoolean("autoShutdownEnabled");
      Optional<Double> autoShutdownTimeout = in.optionalNumber("autoShutdownTimeout");
      Optional<Boolean> autoShutdownForce = in.optionalBoolean("autoShutdownForce");
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
      TemplateRec custom = templates.get(templateId);
      if (osTemplate.isEmpty() && custom == null) {
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
      if (autoShutdownEnabled.orElse(false)) {
        double hours = autoShutdownTimeout.orElse(0.0);
        if (hours < 1 || hours > 168) {
          in.addIssue("autoShutdownTimeout",
              "Auto-shutdown timeout must be between 1 and 168 hours when auto-shutdown is enabled");
        }
      }
      if (networkId.isPresent()) {
        NetworkRec network = networks.get(networkId.get());
        if (network == null) {
          in.addIssue("networkId", "Private network not found: " + networkId.get());
        } else if (region.isPresent() && !network.region.equals(region.get())) {
          in.addIssue("networkId", "Private network " + network.id + " is in " + network.region + ", not "
              + region.get());
        }
      }
      in.check();
      requireGoodStanding("creating a machine");

      Optional<CapacityFailure> capacity = faults.takeCapacityFailure(type.get().label(), region.get());
      if (capacity.isPresent() && capacity.get() != CapacityFailure.CREATE_EVENT_ERROR) {
        throw ApiError.badRequest(String.format(CAPACITY_MESSAGE, type.get().label(), region.get()));
      }

      MachineRec m = new MachineRec();
      m.id = lowerId("ps", 12);
      m.seq = ++sequence;
      m.name = name;
      m.type = type.get();
      m.region = region.get();
      m.templateId = templateId;
      m.os = osTemplate.map(Catalog.OsTemplate::operatingSystemLabel).orElseGet(() -> custom.os);
      m.agentType = osTemplate.map(Catalog.OsTemplate::agentType).orElseGet(() -> custom.agentType);
      m.diskGb = (long) Math.ceil(diskSize);
      m.publicIpType = publicIpType.orElse("dynamic");
      m.networkId = networkId.orElse(null);
      m.privateIp = nextPrivateIp();
      m.autoShutdownEnabled = autoShutdownEnabled.orElse(false);
      m.autoShutdownTimeout = autoShutdownTimeout.orElse(null);
      m.autoShutdownForce = autoShutdownForce.orElse(m.autoShutdownEnabled ? Boolean.FALSE : null);
      m.autoSnapshotEnabled = autoSnapshotEnabled.orElse(false);
      m.autoSnapshotFrequency = autoSnapshotFrequency.orElse(null);
      m.autoSnapshotSaveCount = autoSnapshotSaveCount.orElse(null);
      m.restorePointEnabled = restorePointEnabled.orElse(false);
      m.restorePointFrequency = restorePointFrequency.orElse(null);
      m.created = now;
      m.modified = now;
      m.state = "provisioning";
      machines.put(m.id, m);
      if (m.publicIpType.equals("static")) {
        m.publicIp = claimIp(m.region, m.id).ip;
      }
      notices.add(new Notice(m.id, "none", "provisioning", "create"));

      EventRec event = newEvent("create", m.id);
      m.currentEvent = event;
      long generation = ++m.generation;
      if (capacity.isPresent()) {
        schedule(now.plus(delay), () -> {
          if (machines.get(m.id) == m && m.generation == generation) {
            finish(event, "error", String.format(CAPACITY_MESSAGE, m.type.label(), m.region));
            removeMachine(m, "capacity-error", false);
          }
        });
      } else {
        List<String> steps = startOnCreate.orElse(true)
            ? List.of("starting", "serviceready", "ready")
            : List.of("off");
        scheduleRemaining(m, event, steps, "create", generation, 1);
      }
      ObjectNode body = wrap(renderMachine(m), event);
      begin(event);
      return new Created(body, faults.takeCreateOutcome());
    });
  }

  private String nextPrivateIp() {
    int n = privateIpCounter++;
    return "10.64." + (n / 250) + "." + (n % 250 + 2);
  }

  ObjectNode listMachines(Input query) {
    return locked(() -> {
      Optional<String> name = query.optionalString("name");
      Optional<String> region = query.optionalString("region").map(r -> Catalog.region(r).orElse(r));
      Optional<String> agentType = query.optionalString("agentType");
      Optional<String> machineType = query.optionalString("machineType");
      List<MachineRec> matching = machines.values().stream()
          .filter(m -> name.isEmpty() || m.name.equals(name.get()))
          .filter(m -> region.isEmpty() || m.region.equalsIgnoreCase(region.get()))
          .filter(m -> agentType.isEmpty() || m.agentType.equalsIgnoreCase(agentType.get()))
          .filter(m -> machineType.isEmpty() || m.type.label().equalsIgnoreCase(machineType.get()))
          .toList();
      Map<String, Function<MachineRec, String>> keys = new LinkedHashMap<>();
      keys.put("dtCreated", m -> Json.date(m.created));
      keys.put("name", m -> m.name);
      keys.put("state", m -> m.state);
      return Paging.page(matching, query, keys, "dtCreated", m -> m.seq, this::renderMachine);
    });
  }

  ObjectNode getMachine(String id) {
    return locked(() -> renderMachine(machineOr404(id)));
  }

  ObjectNode startMachine(String id, String reason) {
    return locked(() -> {
      MachineRec m = machineOr404(id);
      requireGoodStanding("starting a machine");
      if (!m.state.equals("off")) {
        throw ApiError.badRequest("Machine " + id + " cannot be started while it is " + m.state
            + "; it must be off");
      }
      if (faults.takeStartCapacityFailure(m.type.label(), m.region)) {
        throw ApiError.badRequest(String.format(CAPACITY_MESSAGE, m.type.label(), m.region));
      }
      EventRec event = newEvent("start", m.id);
      runSteps(m, event, List.of("starting", "serviceready", "ready"), reason);
      ObjectNode body = wrap(renderMachine(m), event);
      begin(event);
      return body;
    });
  }

  ObjectNode stopMachine(String id) {
    return locked(() -> {
      MachineRec m = machineOr404(id);
      if (!Set.of("ready", "serviceready", "starting").contains(m.state)) {
        throw ApiError.badRequest("Machine " + id + " cannot be stopped while it is " + m.state);
      }
      EventRec event = newEvent("stop", m.id);
      runSteps(m, event, List.of("stopping", "off"), "api-stop");
      ObjectNode body = wrap(renderMachine(m), event);
      begin(event);
      return body;
    });
  }

  ObjectNode restartMachine(String id) {
    return locked(() -> {
      MachineRec m = machineOr404(id);
      if (!Set.of("ready", "serviceready").contains(m.state)) {
        throw ApiError.badRequest("Machine " + id + " cannot be restarted while it is " + m.state
            + "; it must be running");
      }
      EventRec event = newEvent("restart", m.id);
      runSteps(m, event, List.of("restarting", "ready"), "api-restart");
      ObjectNode body = wrap(renderMachine(m), event);
      begin(event);
      return body;
    });
  }

  ObjectNode updateMachine(String id, Input in) {
    return locked(() -> {
      MachineRec m = machineOr404(id);
      Optional<String> name = in.has("name") ? Optional.of(in.requiredString("name", 1)) : Optional.empty();
      Optional<String> typeLabel = in.optionalString("machineType");
      Optional<Double> diskSize = in.optionalSize("diskSize");
      Optional<String> networkId = in.optionalString("networkId");
      Optional<String> publicIpType = in.optionalEnum("publicIpType", List.of("static", "dynamic", "none"));
      Optional<Boolean> autoSnapshotEnabled = in.optionalBoolean("autoSnapshotEnabled");
      Optional<String> autoSnapshotFrequency =
          in.optionalEnum("autoSnapshotFrequency", List.of("hourly", "daily", "weekly", "monthly"));
      Optional<Double> autoSnapshotSaveCount = in.optionalNumber("autoSnapshotSaveCount");
      Optional<Boolean> autoShutdownEnabled = in.optionalBoolean("autoShutdownEnabled");
      Optional<Double> autoShutdownTimeout = in.optionalNumber("autoShutdownTimeout");
      Optional<Boolean> autoShutdownForce = in.optionalBoolean("autoShutdownForce");
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
      if (networkId.isPresent() && !networkId.get().equals(m.networkId)) {
        NetworkRec network = networks.get(networkId.get());
        if (network == null || !network.region.equals(m.region)) {
          in.addIssue("networkId", "Private network not found in " + m.region + ": " + networkId.get());
        } else if (m.networkId != null) {
          in.addIssue("networkId", "A machine cannot leave its private network");
        }
      }
      if (publicIpType.isPresent() && publicIpType.get().equals("dynamic") && !m.publicIpType.equals("dynamic")) {
        in.addIssue("publicIpType", "An existing machine cannot be switched to a dynamic public IP");
      }
      boolean touchesAutoShutdown = autoShutdownEnabled.isPresent() || autoShutdownTimeout.isPresent()
          || autoShutdownForce.isPresent();
      AutoShutdownUpdateMode mode = settings.autoShutdownUpdateMode();
      if (touchesAutoShutdown && mode == AutoShutdownUpdateMode.REJECT) {
        in.addIssue(autoShutdownTimeout.isPresent() ? "autoShutdownTimeout" : "autoShutdownEnabled",
            "Auto-shutdown cannot be changed on an existing machine");
      }
      if (touchesAutoShutdown && mode == AutoShutdownUpdateMode.APPLY
          && autoShutdownEnabled.orElse(m.autoShutdownEnabled)) {
        double hours = autoShutdownTimeout.orElse(m.autoShutdownTimeout == null ? 0 : m.autoShutdownTimeout);
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
      networkId.ifPresent(value -> m.networkId = value);
      autoSnapshotEnabled.ifPresent(value -> m.autoSnapshotEnabled = value);
      autoSnapshotFrequency.ifPresent(value -> m.autoSnapshotFrequency = value);
      autoSnapshotSaveCount.ifPresent(value -> m.autoSnapshotSaveCount = value);
      restorePointEnabled.ifPresent(value -> m.restorePointEnabled = value);
      restorePointFrequency.ifPresent(value -> m.restorePointFrequency = value);
      if (publicIpType.isPresent() && !publicIpType.get().equals(m.publicIpType)) {
        changeIpType(m, publicIpType.get());
      }
      if (touchesAutoShutdown && mode == AutoShutdownUpdateMode.APPLY) {
        autoShutdownEnabled.ifPresent(value -> m.autoShutdownEnabled = value);
        autoShutdownTimeout.ifPresent(value -> m.autoShutdownTimeout = value);
        autoShutdownForce.ifPresent(value -> m.autoShutdownForce = value);
        armAutoShutdown(m);
      }
      m.modified = now;
      if (!resize) {
        ObjectNode body = Json.object();
        body.set("data", renderMachine(m));
        return body;
      }
      newType.ifPresent(value -> m.type = value);
      diskSize.ifPresent(value -> m.diskGb = (long) Math.ceil(value));
      EventRec event = newEvent("vm-upgrade", m.id);
      runSteps(m, event, List.of("upgrading", "off"), "api-update");
      ObjectNode body = wrap(renderMachine(m), event);
      begin(event);
      return body;
    });
  }

  private void changeIpType(MachineRec m, String type) {
    if (m.publicIpType.equals("static")) {
      ips.values().stream().filter(ip -> m.id.equals(ip.machineId)).forEach(ip -> ip.machineId = null);
    }
    m.publicIpType = type;
    m.publicIp = null;
    if (type.equals("static")) {
      m.publicIp = claimIp(m.region, m.id).ip;
    }
  }

  ObjectNode deleteMachine(String id) {
    return locked(() -> {
      MachineRec m = machineOr404(id);
      EventRec event = newEvent("deactivate", m.id);
      if (m.currentEvent != null && m.currentEvent.finished == null) {
        m.currentEvent.state = "cancelled";
        m.currentEvent.finished = now;
      }
      ObjectNode data = renderMachine(m);
      data.put("dtDeleted", Json.date(now));
      removeMachine(m, "api-delete", true);
      return wrapWithQuickEvent(data, event);
    });
  }

  /**
   * Takes a machine out of the account: its snapshots are deleted (unless the settings say they survive) and its
   * static IP is unassigned (and kept, still billing). A billed removal (a delete) charges the hour in progress; an unbilled one (a create that failed for
   * capacity) also releases the static IP that was claimed for it.
   */
  private void removeMachine(MachineRec m, String reason, boolean billed) {
    if (billed) {
      chargeMachine(m, lastTick);
    }
    m.generation++;
    m.timerToken++;
    machines.remove(m.id);
    if (!settings.snapshotsSurviveMachineDelete()) {
      snapshots.values().removeIf(s -> s.linked && s.machineId.equals(m.id));
    }
    for (IpRec ip : List.copyOf(ips.values())) {
      if (m.id.equals(ip.machineId)) {
        ip.machineId = null;
        if (!billed) {
          ips.remove(ip.ip);
        }
      }
    }
    notices.add(new Notice(m.id, m.state, "deleted", reason));
  }

  // ---------------------------------------------------------------- events, availability

  ObjectNode listEvents(Input query) {
    return locked(() -> {
      Optional<String> machineId = query.optionalString("machineId");
      List<EventRec> matching = events.values().stream()
          .filter(e -> machineId.isEmpty() || machineId.get().equals(e.machineId))
          .toList();
      Map<String, Function<EventRec, String>> keys = new LinkedHashMap<>();
      keys.put("dtCreated", e -> Json.date(e.created));
      return Paging.page(matching, query, keys, "dtCreated", e -> e.seq, AccountState::renderEvent);
    });
  }

  ObjectNode getEvent(String id) {
    return locked(() -> {
      EventRec event = events.get(id);
      if (event == null) {
        throw ApiError.notFound("Machine event not found: " + id);
      }
      return renderEvent(event);
    });
  }

  ObjectNode availability(Input query) {
    return locked(() -> {
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
    });
  }

  // ---------------------------------------------------------------- public IPs

  private IpRec claimIp(String region, String machineId) {
    IpRec ip = new IpRec();
    ip.ip = nextPublicIp();
    ip.seq = ++sequence;
    ip.region = region;
    ip.machineId = machineId;
    ip.created = now;
    ips.put(ip.ip, ip);
    return ip;
  }

  ObjectNode listIps(Input query) {
    return locked(() -> {
      Optional<String> region = query.optionalString("region").map(r -> Catalog.region(r).orElse(r));
      List<IpRec> matching = ips.values().stream()
          .filter(ip -> region.isEmpty() || ip.region.equalsIgnoreCase(region.get())).toList();
      Map<String, Function<IpRec, String>> keys = new LinkedHashMap<>();
      keys.put("dtCreated", ip -> Json.date(ip.created));
      return Paging.page(matching, query, keys, "dtCreated", ip -> ip.seq, this::renderIp);
    });
  }

  ObjectNode claimIp(Input in) {
    return locked(() -> {
      String region = requiredRegion(in);
      requireGoodStanding("claiming a public IP");
      return renderIp(claimIp(region, null));
    });
  }

  ObjectNode assignIp(String address, Input in) {
    return locked(() -> {
      Optional<String> machineId = in.requiredNullableString("machineId");
      in.check();
      IpRec ip = ips.get(address);
      if (ip == null) {
        throw ApiError.notFound("Public IP not found: " + address);
      }
      if (machineId.isEmpty()) {
        detachIp(ip);
        return renderIp(ip);
      }
      MachineRec m = machineOr404(machineId.get());
      if (!m.region.equals(ip.region)) {
        throw ApiError.badRequest("Public IP " + address + " is in " + ip.region + " but machine " + m.id
            + " is in " + m.region + "; they must be in the same region");
      }
      if (ip.machineId != null && !ip.machineId.equals(m.id)) {
        throw ApiError.badRequest("Public IP " + address + " is already assigned to machine " + ip.machineId);
      }
      if (m.publicIpType.equals("static") && m.publicIp != null && !m.publicIp.equals(address)) {
        IpRec previous = ips.get(m.publicIp);
        if (previous != null) {
          previous.machineId = null;
        }
      }
      ip.machineId = m.id;
      m.publicIpType = "static";
      m.publicIp = ip.ip;
      m.modified = now;
      return renderIp(ip);
    });
  }

  private void detachIp(IpRec ip) {
    if (ip.machineId != null) {
      MachineRec m = machines.get(ip.machineId);
      if (m != null && ip.ip.equals(m.publicIp)) {
        m.publicIp = null;
        m.publicIpType = "none";
        m.modified = now;
      }
      ip.machineId = null;
    }
  }

  ObjectNode releaseIp(String address) {
    return locked(() -> {
      IpRec ip = ips.get(address);
      if (ip == null) {
        throw ApiError.notFound("Public IP not found: " + address);
      }
      detachIp(ip);
      chargeIp(ip, lastTick);
      ips.remove(address);
      ObjectNode body = Json.object();
      body.put("ip", address);
      return body;
    });
  }

  private String requiredRegion(Input in) {
    String name = in.requiredString("region", 1);
    in.check();
    Optional<String> region = Catalog.region(name);
    if (region.isEmpty()) {
      in.addIssue("region", "Invalid region '" + name + "': use ny2, ca1 or ams1");
      in.check();
    }
    return region.get();
  }

  // ---------------------------------------------------------------- snapshots

  ObjectNode listSnapshots(Input query) {
    return locked(() -> {
      Optional<String> machineId = query.optionalString("machineId");
      List<SnapshotRec> matching = snapshots.values().stream()
          .filter(s -> machineId.isEmpty() || machineId.get().equals(s.machineId)).toList();
      return pageByDateOrName(matching, query, this::renderSnapshot);
    });
  }

  ObjectNode createSnapshot(Input in) {
    return locked(() -> {
      String name = in.requiredString("name", 0);
      String machineId = in.requiredString("machineId", 0);
      in.check();
      MachineRec m = machineOr404(machineId);
      requireGoodStanding("creating a snapshot");
      SnapshotRec s = newSnapshot(name, m.id, true, m.diskGb);
      EventRec event = newEvent("snapshot-create", m.id);
      return wrapWithQuickEvent(renderSnapshot(s), event);
    });
  }

  private SnapshotRec newSnapshot(String name, String machineId, boolean linked, long sizeGb) {
    SnapshotRec s = new SnapshotRec();
    s.id = lowerId("s", 14);
    s.seq = ++sequence;
    s.name = name;
    s.machineId = machineId;
    s.linked = linked;
    s.sizeGb = sizeGb;
    s.created = now;
    snapshots.put(s.id, s);
    return s;
  }

  private SnapshotRec snapshotOr404(String id) {
    return found(snapshots, id, "Snapshot");
  }

  ObjectNode getSnapshot(String id) {
    return locked(() -> renderSnapshot(snapshotOr404(id)));
  }

  ObjectNode renameSnapshot(String id, Input in) {
    return rename(snapshots, id, in, "Snapshot", this::renderSnapshot);
  }

  ObjectNode deleteSnapshot(String id) {
    return locked(() -> {
      SnapshotRec s = snapshotOr404(id);
      chargeSnapshot(s, lastTick);
      snapshots.remove(id);
      EventRec event = newEvent("snapshot-delete", s.linked ? s.machineId : null);
      return wrapWithQuickEvent(renderSnapshot(s), event);
    });
  }

  ObjectNode restoreSnapshot(String id, Input in) {
    return locked(() -> {
      in.optionalBoolean("createSnapshotBeforeRestore");
      in.check();
      SnapshotRec s = snapshotOr404(id);
      MachineRec m = machines.get(s.machineId);
      if (!s.linked || m == null) {
        throw ApiError.badRequest("Snapshot " + id + " has no machine to restore to");
      }
      requireGoodStanding("restoring a snapshot");
      EventRec event = newEvent("snapshot-restore", m.id);
      return wrapWithQuickEvent(renderSnapshot(s), event);
    });
  }

  // ---------------------------------------------------------------- networks, drives, templates

  ObjectNode listNetworks(Input query) {
    return locked(() -> pageByDateOrName(byNameAndRegion(networks, query, n -> n.region), query,
        this::renderNetwork));
  }

  ObjectNode createNetwork(Input in) {
    return locked(() -> {
      String name = in.requiredString("name", 1);
      in.optionalBoolean("migrateMachines");
      String region = requiredRegion(in);
      requireGoodStanding("creating a private network");
      return renderNetwork(newNetwork(name, region));
    });
  }

  private NetworkRec newNetwork(String name, String region) {
    NetworkRec n = new NetworkRec();
    n.id = lowerId("nw", 8);
    n.seq = ++sequence;
    n.name = name;
    n.region = region;
    n.network = "10." + (networks.size() % 200 + 20) + ".0.0";
    n.created = now;
    networks.put(n.id, n);
    return n;
  }

  private NetworkRec networkOr404(String id) {
    return found(networks, id, "Private network");
  }

  ObjectNode getNetwork(String id) {
    return locked(() -> renderNetwork(networkOr404(id)));
  }

  ObjectNode renameNetwork(String id, Input in) {
    return rename(networks, id, in, "Private network", this::renderNetwork);
  }

  ObjectNode deleteNetwork(String id) {
    return locked(() -> {
      networkOr404(id);
      if (machines.values().stream().anyMatch(m -> id.equals(m.networkId))
          || drives.values().stream().anyMatch(d -> id.equals(d.networkId))) {
        throw ApiError.badRequest("Private network " + id + " still has machines or shared drives on it");
      }
      networks.remove(id);
      ObjectNode body = Json.object();
      body.put("id", id);
      return body;
    });
  }

  ObjectNode listDrives(Input query) {
    return locked(() -> pageByDateOrName(byNameAndRegion(drives, query, d -> d.region), query,
        this::renderDrive));
  }

  ObjectNode createDrive(Input in) {
    return locked(() -> {
      String name = in.requiredString("name", 1);
      double size = in.requiredSize("size");
      String networkId = in.requiredString("networkId", 1);
      String region = requiredRegion(in);
      NetworkRec network = networks.get(networkId);
      if (network == null || !network.region.equals(region)) {
        in.addIssue("networkId", "Private network not found in " + region + ": " + networkId);
      }
      in.check();
      requireGoodStanding("creating a shared drive");
      return renderDrive(newDrive(name, region, (long) Math.ceil(size), network));
    });
  }

  private DriveRec newDrive(String name, String region, long sizeGb, NetworkRec network) {
    DriveRec d = new DriveRec();
    d.id = randomId("", 12, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    d.seq = ++sequence;
    d.name = name;
    d.region = region;
    d.sizeGb = sizeGb;
    d.networkId = network.id;
    d.mountPoint = "\\\\" + network.network.replaceAll("\\.0$", ".2") + "\\" + d.id;
    d.username = "user-" + lowerId("", 8);
    d.password = lowerId("", 16);
    d.created = now;
    drives.put(d.id, d);
    return d;
  }

  private DriveRec driveOr404(String id) {
    return found(drives, id, "Shared drive");
  }

  ObjectNode getDrive(String id) {
    return locked(() -> renderDrive(driveOr404(id)));
  }

  ObjectNode renameDrive(String id, Input in) {
    return rename(drives, id, in, "Shared drive", this::renderDrive);
  }

  ObjectNode deleteDrive(String id) {
    return locked(() -> {
      DriveRec d = driveOr404(id);
      chargeDrive(d, lastTick);
      drives.remove(id);
      ObjectNode body = Json.object();
      body.put("id", id);
      return body;
    });
  }

  ObjectNode listOsTemplates(Input query) {
    return locked(() -> {
      Optional<String> name = query.optionalString("name");
      List<Catalog.OsTemplate> matching = Catalog.osTemplates().stream()
          .filter(t -> name.isEmpty() || t.name().equals(name.get())).toList();
      Map<String, Function<Catalog.OsTemplate, String>> keys = new LinkedHashMap<>();
      keys.put("name", Catalog.OsTemplate::name);
      List<Catalog.OsTemplate> all = Catalog.osTemplates();
      return Paging.page(matching, query, keys, "name", all::indexOf, this::renderOsTemplate);
    });
  }

  ObjectNode listCustomTemplates(Input query) {
    return locked(() -> {
      Optional<String> name = query.optionalString("name");
      Optional<String> machineId = query.optionalString("machineId");
      List<TemplateRec> matching = templates.values().stream()
          .filter(t -> name.isEmpty() || t.name.equals(name.get()))
          .filter(t -> machineId.isEmpty() || t.parentMachineId.equals(machineId.get())).toList();
      return pageByDateOrName(matching, query, this::renderCustomTemplate);
    });
  }

  ObjectNode getCustomTemplate(String id) {
    return locked(() -> renderCustomTemplate(found(templates, id, "Template")));
  }

  ObjectNode createCustomTemplate(Input in) {
    return locked(() -> {
      String name = in.requiredString("name", 1);
      String machineId = in.requiredString("machineId", 1);
      in.check();
      MachineRec m = machineOr404(machineId);
      requireGoodStanding("creating a template");
      TemplateRec t = new TemplateRec();
      t.id = lowerId("t", 8);
      t.seq = ++sequence;
      t.name = name;
      t.region = m.region;
      t.parentMachineId = m.id;
      t.agentType = m.agentType;
      t.os = m.os;
      t.sizeGb = m.diskGb;
      t.created = now;
      templates.put(t.id, t);
      EventRec event = newEvent("template-create", m.id);
      return wrapWithQuickEvent(renderCustomTemplate(t), event);
    });
  }

  ObjectNode deleteCustomTemplate(String id) {
    return locked(() -> {
      TemplateRec t = templates.remove(id);
      if (t == null) {
        throw ApiError.notFound("Template not found: " + id);
      }
      ObjectNode body = renderCustomTemplate(t);
      body.put("dtDeleted", Json.date(now));
      return body;
    });
  }

  ObjectNode accountStanding() {
    return locked(() -> {
      ObjectNode body = Json.object();
      boolean good = settings.inGoodStanding();
      body.put("isInGoodStanding", good);
      body.put("hasPaymentMethod", good);
      body.put("isAdminLocked", false);
      ArrayNode messages = body.putArray("messages");
      if (!good) {
        messages.add("Your account is not in good standing. Add a credit card to continue.");
      }
      return body;
    });
  }

  // ---------------------------------------------------------------- rendering

  /**
   * Answers {@code data} with {@code event} as the API does for a machine delete and for snapshot and template
   * operations: the event is rendered while still "new", starts now, and ends "done" one transition delay later.
   */
  private ObjectNode wrapWithQuickEvent(ObjectNode data, EventRec event) {
    schedule(now.plus(delay), () -> finish(event, "done", null));
    ObjectNode body = wrap(data, event);
    begin(event);
    return body;
  }

  private static ObjectNode wrap(ObjectNode data, EventRec event) {
    ObjectNode body = Json.object();
    body.set("data", data);
    body.set("event", renderEvent(event));
    return body;
  }

  private ObjectNode renderMachine(MachineRec m) {
    ObjectNode node = Json.object();
    node.put("id", m.id);
    node.put("name", m.name);
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

  private static void putNumber(ObjectNode node, String field, Double value) {
    if (value == null) {
      node.putNull(field);
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      node.put(field, value.longValue());
    } else {
      node.put(field, value);
    }
  }

  private static ObjectNode renderEvent(EventRec e) {
    ObjectNode node = Json.object();
    node.put("id", e.id);
    node.put("name", e.name);
    node.put("state", e.state);
    node.put("machineId", e.machineId);
    node.put("dtCreated", Json.date(e.created));
    node.put("dtStarted", e.started == null ? null : Json.date(e.started));
    node.put("dtFinished", e.finished == null ? null : Json.date(e.finished));
    node.put("error", e.error);
    return node;
  }

  private ObjectNode renderIp(IpRec ip) {
    ObjectNode node = Json.object();
    node.put("ip", ip.ip);
    node.put("region", ip.region);
    if (ip.machineId != null) {
      node.put("assignedMachineId", ip.machineId);
    }
    node.put("dtCreated", Json.date(ip.created));
    return node;
  }

  private ObjectNode renderSnapshot(SnapshotRec s) {
    ObjectNode node = Json.object();
    node.put("id", s.id);
    node.put("name", s.name);
    node.put("machineId", s.machineId);
    node.put("isAutoSnapshot", false);
    return node;
  }

  private ObjectNode renderNetwork(NetworkRec n) {
    ObjectNode node = Json.object();
    node.put("id", n.id);
    node.put("name", n.name);
    node.put("region", n.region);
    node.put("network", n.network);
    node.put("netmask", "255.255.255.0");
    node.put("dtCreated", Json.date(n.created));
    node.putNull("dtDeleted");
    return node;
  }

  private ObjectNode renderDrive(DriveRec d) {
    ObjectNode node = Json.object();
    node.put("id", d.id);
    node.put("name", d.name);
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

  private ArrayNode availableTypes(List<String> labels) {
    ArrayNode types = Json.array();
    for (String label : labels) {
      ObjectNode entry = types.addObject();
      entry.put("machineTypeLabel", label);
      entry.put("isAvailable", !faults.unavailableAnywhere(label));
    }
    return types;
  }

  private ObjectNode renderOsTemplate(Catalog.OsTemplate t) {
    ObjectNode node = Json.object();
    node.put("id", t.id());
    node.put("name", t.name());
    node.put("agentType", t.agentType());
    node.put("operatingSystemLabel", t.operatingSystemLabel());
    node.put("defaultSizeGb", t.defaultSizeGb());
    node.set("availableMachineTypes", availableTypes(t.machineTypes()));
    node.put("dtCreated", Json.date(t.created()));
    return node;
  }

  private ObjectNode renderCustomTemplate(TemplateRec t) {
    ObjectNode node = Json.object();
    node.put("id", t.id);
    node.put("name", t.name);
    node.put("agentType", t.agentType);
    node.put("operatingSystemLabel", t.os);
    node.put("region", t.region);
    node.put("defaultSizeGb", t.sizeGb);
    node.set("availableMachineTypes", availableTypes(Catalog.osTemplates().get(0).machineTypes()));
    node.put("parentMachineId", t.parentMachineId);
    node.put("dtCreated", Json.date(t.created));
    node.putNull("dtDeleted");
    return node;
  }

  // ---------------------------------------------------------------- SimulatedAccount

  private SimMachine toSim(MachineRec m) {
    return new SimMachine(m.id, m.name, m.state, m.type.label(), m.region, m.templateId, m.diskGb,
        Optional.ofNullable(m.publicIp), PublicIpType.valueOf(m.publicIpType.toUpperCase(Locale.ROOT)),
        m.autoShutdownEnabled,
        Optional.ofNullable(m.autoShutdownTimeout).map(h -> Duration.ofSeconds(Math.round(h * 3600))),
        m.type.usageRate(), Catalog.diskPricePerMonth(m.diskGb), Optional.ofNullable(m.networkId), m.created,
        Optional.ofNullable(m.poweredOnAt));
  }

  private static SimPublicIp toSim(IpRec ip) {
    return new SimPublicIp(ip.ip, ip.region, Optional.ofNullable(ip.machineId), ip.created);
  }

  private static SimSnapshot toSim(SnapshotRec s) {
    return new SimSnapshot(s.id, s.name, s.linked ? Optional.of(s.machineId) : Optional.empty(), s.sizeGb);
  }

  private static SimSharedDrive toSim(DriveRec d) {
    return new SimSharedDrive(d.id, d.name, d.region, d.sizeGb, d.networkId);
  }

  @Override
  public List<SimMachine> machines() {
    return locked(() -> machines.values().stream().map(this::toSim).toList());
  }

  @Override
  public Optional<SimMachine> machine(String id) {
    Objects.requireNonNull(id, "id");
    return locked(() -> Optional.ofNullable(machines.get(id)).map(this::toSim));
  }

  @Override
  public List<SimPublicIp> publicIps() {
    return locked(() -> ips.values().stream().map(AccountState::toSim).toList());
  }

  @Override
  public List<SimSnapshot> snapshots() {
    return locked(() -> snapshots.values().stream().map(AccountState::toSim).toList());
  }

  @Override
  public List<SimMachineEvent> machineEvents() {
    return locked(() -> events.values().stream().filter(e -> e.machineId != null)
        .map(e -> new SimMachineEvent(e.machineId, e.name, e.created)).toList());
  }

  @Override
  public void restoreMachineEvent(SimMachineEvent event) {
    Objects.requireNonNull(event, "event");
    locked(() -> {
      EventRec e = newEvent(event.name(), event.machineId());
      e.created = event.at();
      e.started = event.at();
      e.finished = event.at();
      e.state = "done";
      MachineRec m = machines.get(event.machineId());
      if (m != null && event.name().equals("create")) {
        // A restored machine was created when its create event says, not when the account was loaded.
        m.created = event.at();
      }
      return e;
    });
  }

  @Override
  public List<SimSharedDrive> sharedDrives() {
    return locked(() -> drives.values().stream().map(AccountState::toSim).toList());
  }

  private static String regionOrThrow(String region) {
    Objects.requireNonNull(region, "region");
    return Catalog.region(region)
        .orElseThrow(() -> new IllegalArgumentException("unknown region '" + region + "': use ny2, ca1 or ams1"));
  }

  @Override
  public SimPublicIp addStaticIp(String region) {
    String shortRegion = regionOrThrow(region);
    return locked(() -> toSim(claimIp(shortRegion, null)));
  }

  @Override
  public SimSnapshot addSnapshot(Optional<String> machineId, String name, long sizeGb) {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(name, "name");
    if (sizeGb <= 0) {
      throw new IllegalArgumentException("sizeGb must be positive: " + sizeGb);
    }
    return locked(() -> {
      if (machineId.isPresent()) {
        if (!machines.containsKey(machineId.get())) {
          throw new IllegalArgumentException("no machine " + machineId.get() + " in the simulated account");
        }
        return toSim(newSnapshot(name, machineId.get(), true, sizeGb));
      }
      return toSim(newSnapshot(name, lowerId("ps", 12), false, sizeGb));
    });
  }

  @Override
  public SimSharedDrive addSharedDrive(String name, String region, long sizeGb) {
    Objects.requireNonNull(name, "name");
    String shortRegion = regionOrThrow(region);
    if (sizeGb <= 0) {
      throw new IllegalArgumentException("sizeGb must be positive: " + sizeGb);
    }
    return locked(() -> {
      NetworkRec network = networks.values().stream().filter(n -> n.region.equals(shortRegion)).findFirst()
          .orElseGet(() -> newNetwork("default-" + shortRegion, shortRegion));
      return toSim(newDrive(name, shortRegion, sizeGb, network));
    });
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
    return locked(() -> {
      if (snapshots.containsKey(snapshot.id())) {
        throw new IllegalArgumentException("snapshot " + snapshot.id() + " is already in the simulated account");
      }
      SnapshotRec s = newSnapshot(snapshot.name(), snapshot.machineId().orElseGet(() -> lowerId("ps", 12)),
          snapshot.machineId().isPresent(), snapshot.sizeGb());
      snapshots.remove(s.id);
      s.id = snapshot.id();
      snapshots.put(s.id, s);
      return toSim(s);
    });
  }

  private SimMachine addMachine(String fixedId, MachineSeed seed) {
    Objects.requireNonNull(seed, "seed");
    Catalog.MachineType type = Catalog.machineType(seed.machineType())
        .orElseThrow(() -> new IllegalArgumentException("unknown machine type '" + seed.machineType() + "'"));
    String region = regionOrThrow(seed.region());
    Catalog.OsTemplate template = Catalog.osTemplate(seed.templateId())
        .orElseThrow(() -> new IllegalArgumentException("unknown template '" + seed.templateId() + "'"));
    return locked(() -> {
      if (fixedId != null && machines.containsKey(fixedId)) {
        throw new IllegalArgumentException("machine " + fixedId + " is already in the simulated account");
      }
      MachineRec m = new MachineRec();
      m.id = fixedId != null ? fixedId : lowerId("ps", 12);
      m.seq = ++sequence;
      m.name = seed.name();
      m.type = type;
      m.region = region;
      m.templateId = template.id();
      m.os = template.operatingSystemLabel();
      m.agentType = template.agentType();
      m.diskGb = seed.diskSizeGb();
      m.publicIpType = seed.publicIpType().name().toLowerCase(Locale.ROOT);
      m.privateIp = nextPrivateIp();
      m.autoShutdownEnabled = seed.autoShutdownTimeout().isPresent();
      m.autoShutdownTimeout = seed.autoShutdownTimeout().map(d -> d.toSeconds() / 3600.0).orElse(null);
      m.autoShutdownForce = m.autoShutdownEnabled ? Boolean.FALSE : null;
      m.created = now;
      m.modified = now;
      m.state = seed.state();
      machines.put(m.id, m);
      if (m.publicIpType.equals("static")) {
        m.publicIp = claimIp(region, m.id).ip;
      }
      if (m.state.equals("ready")) {
        m.ranThisHour = true;
        m.poweredOnAt = now;
        if (m.publicIpType.equals("dynamic")) {
          m.publicIp = nextPublicIp();
        }
        armAutoShutdown(m);
      }
      return toSim(m);
    });
  }

  @Override
  public void powerOff(String machineId, String reason) {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(reason, "reason");
    locked(() -> {
      MachineRec m = machines.get(machineId);
      if (m == null) {
        throw new IllegalArgumentException("no machine " + machineId + " in the simulated account");
      }
      if (!m.state.equals("off")) {
        EventRec event = newEvent("vm-shutdown-force", m.id);
        runSteps(m, event, List.of("off"), reason);
      }
      return null;
    });
  }

  @Override
  public void powerOn(String machineId) {
    Objects.requireNonNull(machineId, "machineId");
    locked(() -> {
      MachineRec m = machines.get(machineId);
      if (m == null) {
        throw new IllegalArgumentException("no machine " + machineId + " in the simulated account");
      }
      if (!m.state.equals("off")) {
        throw new IllegalStateException("machine " + machineId + " is " + m.state + ", not off");
      }
      EventRec event = newEvent("start", m.id);
      runSteps(m, event, List.of("starting", "serviceready", "ready"), "out-of-band");
      begin(event);
      return null;
    });
  }

  /** The meter as the public view, each read brought up to the clock first. */
  public BillingMeter meter() {
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
