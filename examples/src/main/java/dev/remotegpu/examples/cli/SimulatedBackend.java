package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.examples.EmbeddedHostAccess;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.CapacityFailure;
import dev.remotegpu.testfixtures.paperspace.MachineSeed;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;

import dev.remotegpu.testfixtures.paperspace.SimMachine;
import dev.remotegpu.testfixtures.paperspace.SimMachineEvent;
import dev.remotegpu.testfixtures.paperspace.SimPublicIp;
import dev.remotegpu.testfixtures.paperspace.SimSnapshot;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import dev.remotegpu.testfixtures.ssh.MachinePower;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code --simulated}: the Paperspace simulator on loopback and an embedded SSH host with a real shell, no key and
 * no money. The simulated account lives in a directory ({@code account.json}, the launch ledger, the machine's
 * disk), so {@code run}, then {@code status}, then {@code down} in three processes see the same machine, with the
 * same ids. Its clock runs {@value #TIME_LAPSE}x faster than real time (a 20 s transition passes in a third of a
 * second) and never goes back between commands. One command at a time per directory (a file lock says so).
 */
final class SimulatedBackend implements Backend {
  /** Simulated seconds per real second. */
  static final int TIME_LAPSE = 60;
  private static final String SCHEMA = "remotegpu-cli/simulated-account/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final SimulatedClock clock;
  private final ScheduledExecutorService ticker;
  private final Deque<String> nextAddresses = new ArrayDeque<>();
  private int nextOctet = 10;
  private final PaperspaceSimulator simulator;
  private final PaperspacePlatform platform;
  private EmbeddedSshHost host;
  private RemoteAccess access;
  private final Money spentBefore;

  private SimulatedBackend(Path home, FileChannel lockChannel, FileLock lock) throws IOException {
    this.home = home;
    this.lockChannel = lockChannel;
    this.lock = lock;
    Path accountFile = home.resolve("account.json");
    JsonNode saved = Files.exists(accountFile) ? JSON.readTree(accountFile.toFile()) : null;
    Instant start = Instant.now();
    if (saved != null && saved.hasNonNull("clock")) {
      Instant before = Instant.parse(saved.get("clock").asText());
      start = before.isAfter(start) ? before : start;
    }
    clock = SimulatedClock.at(start);
    spentBefore = saved == null ? Money.ZERO : Money.usd(saved.path("spentUsd").asText("0"));
    if (saved != null) {
      nextOctet = saved.path("nextOctet").asInt(10);
    }
    simulator = PaperspaceSimulator.builder()
        .clock(clock)
        .transitionDelay(Duration.ofSeconds(20))
        .publicIpSupplier(this::nextAddress)
        .build()
        .start();
    simulator.settings().snapshotsSurviveMachineDelete(true);
    try {
      if (saved == null) {
        // A new account already holds things this SDK did not make: status must report them, down never touch them.
        simulator.account().addStaticIp("ny2");
        simulator.account().addOrphanSnapshot("someone-elses-backup", 200);
      } else {
        restore(saved);
      }
      platform = PaperspacePlatform.builder()
          .apiKey(simulator.apiKey())
          .baseUrl(simulator.baseUrl())
          .clock(clock)
          .ledger(LaunchLedgers.inFile(home.resolve("launches.ledger"), clock))
          .pollInterval(Duration.ofMillis(100))
          .build();
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "simulated-clock");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(() -> clock.advance(Duration.ofMillis(50L * TIME_LAPSE)), 50, 50,
        TimeUnit.MILLISECONDS);
  }

  /** Opens (or creates) the simulated account in {@code home}; one command at a time per directory. */
  static SimulatedBackend open(Path home) {
    Path dir = home.toAbsolutePath();
    FileChannel channel = null;
    FileLock lock = null;
    try {
      Files.createDirectories(dir);
      channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new CliException(ExitCodes.CONFIG, "another remotegpu --simulated command is using " + dir
            + ": wait for it, or give this one its own --simulated-home DIR");
      }
      return new SimulatedBackend(dir, channel, lock);
    } catch (IOException | RuntimeException e) {
      release(lock, channel);
      if (e instanceof CliException cli) {
        throw cli;
      }
      throw new CliException(ExitCodes.CONFIG, "cannot open the simulated account in " + dir + ": "
          + e.getMessage() + "; delete the directory to start a new one");
    }
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }

  /** The default home of the simulated account: one per user, in the temporary directory. */
  static Path defaultHome() {
    return Path.of(System.getProperty("java.io.tmpdir"), "remotegpu-simulated-" + System.getProperty("user.name"));
  }

  private synchronized String nextAddress() {
    String preset = nextAddresses.poll();
    return preset != null ? preset : "127.0.0." + nextOctet++;
  }

  private synchronized void preset(String address) {
    nextAddresses.add(address);
  }

  private void restore(JsonNode saved) {
    for (JsonNode m : saved.path("machines")) {
      MachineSeed seed = MachineSeed.of(m.get("name").asText(), m.get("type").asText(), m.get("region").asText())
          .withState(m.get("state").asText())
          .withDiskSizeGb(m.get("diskGb").asLong())
          .withPublicIpType(PublicIpType.valueOf(m.get("publicIpType").asText()));
      if (m.hasNonNull("autoShutdownSeconds")) {
        seed = seed.withAutoShutdown(Duration.ofSeconds(m.get("autoShutdownSeconds").asLong()));
      }
      if (m.hasNonNull("publicIp") && seed.publicIpType() == PublicIpType.STATIC) {
        preset(m.get("publicIp").asText());
      }
      simulator.account().restoreMachine(m.get("id").asText(), seed);
    }
    for (JsonNode ip : saved.path("staticIps")) {
      preset(ip.get("ip").asText());
      simulator.account().addStaticIp(ip.get("region").asText());
    }
    for (JsonNode s : saved.path("snapshots")) {
      simulator.account().restoreSnapshot(new SimSnapshot(s.get("id").asText(), s.get("name").asText(),
          s.hasNonNull("machineId") ? Optional.of(s.get("machineId").asText()) : Optional.empty(),
          s.get("sizeGb").asLong()));
    }
    // The events API's history: when each machine was powered on (the Iron Law asks it) and what it billed.
    for (JsonNode e : saved.path("machineEvents")) {
      simulator.account().restoreMachineEvent(new SimMachineEvent(e.get("machineId").asText(),
          e.get("name").asText(), Instant.parse(e.get("at").asText())));
    }
  }

  private void save() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("clock", clock.instant().toString());
    root.put("spentUsd", spendSoFar().orElse(Money.ZERO).amount().toPlainString());
    synchronized (this) {
      root.put("nextOctet", nextOctet);
    }
    ArrayNode machines = root.putArray("machines");
    for (SimMachine m : simulator.account().machines()) {
      ObjectNode node = machines.addObject();
      node.put("id", m.id());
      node.put("name", m.name());
      node.put("type", m.machineType());
      node.put("region", m.region());
      // A machine between two states is saved in the one it was heading for.
      node.put("state", switch (m.state()) {
        case "off", "stopping" -> "off";
        default -> "ready";
      });
      node.put("diskGb", m.diskSizeGb());
      node.put("publicIpType", m.publicIpType().name());
      m.publicIp().ifPresent(ip -> node.put("publicIp", ip));
      m.autoShutdownTimeout().filter(t -> m.autoShutdownEnabled())
          .ifPresent(t -> node.put("autoShutdownSeconds", t.toSeconds()));
    }
    ArrayNode ips = root.putArray("staticIps");
    for (SimPublicIp ip : simulator.account().publicIps()) {
      if (ip.assignedMachineId().isEmpty()) {
        ips.addObject().put("ip", ip.ip()).put("region", ip.region());
      }
    }
    ArrayNode snapshots = root.putArray("snapshots");
    for (SimSnapshot s : simulator.account().snapshots()) {
      ObjectNode node = snapshots.addObject().put("id", s.id()).put("name", s.name()).put("sizeGb", s.sizeGb());
      s.machineId().ifPresent(id -> node.put("machineId", id));
    }
    ArrayNode events = root.putArray("machineEvents");
    for (SimMachineEvent e : simulator.account().machineEvents()) {
      events.addObject().put("machineId", e.machineId()).put("name", e.name()).put("at", e.at().toString());
    }
    Path file = home.resolve("account.json");
    Path tmp = home.resolve("account.json.tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The directory the account lives in. */
  Path home() {
    return home;
  }

  /** Stages "out of capacity" for the next {@code count} creates of a type in a region (the retry shows). */
  void noCapacity(String machineType, String region, int count) {
    simulator.faults().noCapacity(machineType, region, count, CapacityFailure.CREATE_400);
  }

  @Override
  public Platform platform() {
    return platform;
  }

  /**
   * The SSH host standing in for every machine, started on first use (status, check and a down without a
   * reachable machine never need it).
   */
  @Override
  public synchronized RemoteAccess access() {
    if (access == null) {
      EmbeddedSshHost started;
      try {
        started = EmbeddedSshHost.builder().root(Files.createDirectories(home.resolve("machine"))).build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the simulated machine's SSH host in " + home, e);
      }
      host = started;
      // From now on the host lives and dies with the simulated machine (before, nothing ran on it).
      MachinePower.follow(simulator, started);
      access = EmbeddedHostAccess.to(started, home.resolve("known_hosts")).bootWait(Duration.ofSeconds(30))
          .build();
    }
    return access;
  }

  private synchronized EmbeddedSshHost startedHost() {
    return host;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String apiBaseUrl() {
    return simulator.baseUrl();
  }

  @Override
  public String apiKey() {
    return simulator.apiKey();
  }

  @Override
  public String remoteRoot(String requested) {
    // The embedded host runs a real shell in a local directory: the task's durable directory lives under it.
    return home.resolve("machine").resolve("durable").toString();
  }

  @Override
  public LaunchRequest prepare(LaunchRequest request) {
    // The clock runs 60x: 30 simulated minutes are 30 real seconds, room for a loaded machine to answer.
    return request.retry(Duration.ofMinutes(30), Duration.ofMillis(300), Duration.ofSeconds(2));
  }

  /** The simulator's own meter across commands, kept in the saved account (status shows SpendMeter's figures). */
  private Optional<Money> spendSoFar() {
    return Optional.of(spentBefore.plus(simulator.meter().total()));
  }

  @Override
  public String describe() {
    return "simulated account in " + home + " (no key, no money)";
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      save();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the simulated account to " + home, e);
    } finally {
      EmbeddedSshHost started = startedHost();
      if (started != null) {
        started.close();
      }
      simulator.close();
      release(lock, lockChannel);
    }
  }
}
