package dev.remotegpu.examples;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.cost.DeclaredRates;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownStep;
import dev.remotegpu.core.teardown.TeardownStepKind;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.CapacityFailure;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import dev.remotegpu.testfixtures.ssh.MachinePower;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded default: the Paperspace simulator on loopback (no key, no money) on a clock that runs 60x
 * faster than real time, and an embedded SSH host with a real shell standing in for the machine. Powering
 * the simulated machine off (an auto-shutdown) powers the host off: its processes die as on a real stop.
 */
final class EmbeddedWorld implements World {
  /** Simulated seconds per real second: a 20 s state transition passes in a third of a second. */
  private static final int TIME_LAPSE = 60;
  private static final Duration AUTO_SHUTDOWN = Duration.ofHours(2);

  private final PrintStream out;
  private final Path workDir;
  private final SimulatedClock clock = SimulatedClock.at(Instant.now());
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "simulated-clock");
    t.setDaemon(true);
    return t;
  });
  private final PaperspaceSimulator simulator;
  private final EmbeddedSshHost host;
  private final PaperspacePlatform platform;
  private final RemoteAccess access;

  EmbeddedWorld(PrintStream out, Path workDir) {
    this.out = out;
    this.workDir = workDir;
    AtomicInteger nextIp = new AtomicInteger(10);
    simulator = PaperspaceSimulator.builder()
        .clock(clock)
        .transitionDelay(Duration.ofSeconds(20))
        .publicIpSupplier(() -> "127.0.0." + nextIp.getAndIncrement())
        .build()
        .start();
    try {
      host = EmbeddedSshHost.builder().root(workDir.resolve("machine")).build();
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
    try {
      platform = connect(workDir);
      access = sshAccess(workDir);
    } catch (RuntimeException e) {
      host.close();
      simulator.close();
      throw e;
    }
    MachinePower.follow(simulator, host);
    ticker.scheduleAtFixedRate(() -> clock.advance(Duration.ofMillis(50L * TIME_LAPSE)), 50, 50,
        TimeUnit.MILLISECONDS);

    // The account already holds things this SDK did not make: the audit must report them and never touch them.
    simulator.account().addStaticIp("ny2");
    simulator.account().addOrphanSnapshot("someone-elses-backup", 200);
    // No capacity at first: two creates of an A4000 and one of an A5000 in NY2 meet "out of capacity".
    simulator.faults().noCapacity("A4000", "ny2", 2, CapacityFailure.CREATE_400);
    simulator.faults().noCapacity("A5000", "ny2", 1, CapacityFailure.CREATE_400);
    // As the profile says (PS9): a snapshot survives its machine's destroy and bills until deleted.
    simulator.settings().snapshotsSurviveMachineDelete(true);
  }

  private PaperspacePlatform connect(Path workDir) {
    return PaperspacePlatform.builder()
        .apiKey(simulator.apiKey())
        .baseUrl(simulator.baseUrl())
        .clock(clock)
        .ledger(LaunchLedgers.inFile(workDir.resolve("launches.ledger"), clock))
        .pollInterval(Duration.ofMillis(100))
        .build();
  }

  private RemoteAccess sshAccess(Path workDir) {
    return EmbeddedHostAccess.to(host, workDir.resolve("known_hosts")).bootWait(Duration.ofSeconds(30)).build();
  }

  @Override
  public Platform platform() {
    return platform;
  }

  @Override
  public RemoteAccess access() {
    return access;
  }

  @Override
  public LaunchRequest launchRequest() {
    return LaunchRequest.of("A4000", "ny2")
        .fallback("A5000", "ny2")
        .publicIp(PublicIpType.STATIC)
        .autoShutdown(AUTO_SHUTDOWN)
        .runId("demo")
        .retry(Duration.ofMinutes(30), Duration.ofMillis(300), Duration.ofSeconds(2));
  }

  /** The simulator's price list for an A4000 with the default 100 GB disk, declared as a user would. */
  @Override
  public Optional<DeclaredRates> declaredRates() {
    return Optional.of(new DeclaredRates(Rate.hourly(Money.usd("0.76")), Rate.monthly(Money.usd("7.00"))));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String remoteRoot() {
    return host.root().resolve("durable").toString();
  }

  @Override
  public void whileJobRuns(RemoteRun run) throws Exception {
    DetachedJob job = run.job().orElseThrow();
    awaitLog(job, "checkpoint step-10.ckpt");
    out.printf("%n== SSH drop: every connection to the machine is cut%n");
    host.dropAllSessions();
    DetachedJob again = run.reattach(job.id());
    out.printf("   re-attached to %s from a new connection: %s%n", again.id(), again.status());
    awaitLog(again, "checkpoint step-15.ckpt");

    out.printf("%n== auto-shutdown: the %d h wall-clock timer fires (SSH and tmux sessions do not stop it, PS2)%n",
        AUTO_SHUTDOWN.toHours());
    clock.advance(AUTO_SHUTDOWN);
    // The simulator stops the machine at its window; the host's processes die with it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (run.machine().refresh().state() != dev.remotegpu.core.MachineState.OFF) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the simulated " + AUTO_SHUTDOWN.toHours() + " h auto-shutdown did not stop "
            + run.machine().id() + " within 30 s (state " + run.machine().refresh().rawState()
            + "): the demo cannot show the restart and resume");
      }
      Thread.sleep(100);
    }
    out.printf("   machine %s is %s; the job's last line: %s%n", run.machine().id(),
        run.machine().refresh().state(), lastLine(again));
  }

  private static String lastLine(DetachedJob job) {
    try {
      List<String> tail = job.logTail(1);
      return tail.isEmpty() ? "(empty log)" : tail.get(0);
    } catch (RuntimeException e) {
      return "(machine unreachable: " + e.getClass().getSimpleName() + ")";
    }
  }

  static void awaitLog(DetachedJob job, String line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (job.logTail(50).contains(line)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the job never printed '" + line + "'; log: " + job.logTail(20));
  }

  @Override
  public Approvals approvals(TeardownPlan plan) {
    // The embedded user approves stopping, destroying the machine and releasing its IP, one step at a time,
    // but not deleting the snapshot: that step must stay refused, and the snapshot keeps billing (PS9).
    Approvals approvals = Approvals.reversibleOnly();
    for (TeardownStep step : plan.steps()) {
      if (step.kind() == TeardownStepKind.DESTROY_MACHINE || step.kind() == TeardownStepKind.RELEASE_PUBLIC_IP) {
        out.printf("   user approves: %s%n", step.id());
        approvals = approvals.and(step.id());
      } else if (!step.reversible()) {
        out.printf("   user does not approve: %s%n", step.id());
      }
    }
    return approvals;
  }

  /** Simulates a snapshot policy the user enabled by hand on the run's machine (PS9: it bills until deleted). */
  void takeSnapshot(String machineId) {
    simulator.account().addSnapshot(Optional.of(machineId), "nightly-auto", 100);
  }

  @Override
  public String billSummary() {
    return "simulated bill for this run: " + simulator.meter().total().toDisplayString()
        + " (simulator prices, not quotes; no real money was spent)";
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    host.close();
    simulator.close();
  }

  static Path newWorkDir() {
    try {
      return Files.createTempDirectory("remotegpu-demo");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work directory for the demo", e);
    }
  }
}
