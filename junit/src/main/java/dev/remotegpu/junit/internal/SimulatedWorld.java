package dev.remotegpu.junit.internal;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.junit.SimulatedPaperspace;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.ssh.SshRemoteAccess;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import dev.remotegpu.testfixtures.ssh.MachinePower;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One test's simulated Paperspace account and SSH host, wired together: a machine going off (auto-shutdown,
 * stop, destroy) powers the host off, a machine starting powers it on.
 */
public final class SimulatedWorld implements SimulatedPaperspace, AutoCloseable {
  private final PaperspaceSimulator simulator;
  private final EmbeddedSshHost host;
  private final Path clientDir;
  private final PaperspacePlatform platform;
  private final RemoteAccess access;

  private SimulatedWorld(PaperspaceSimulator simulator, EmbeddedSshHost host, Path clientDir) {
    this.simulator = simulator;
    this.host = host;
    this.clientDir = clientDir;
    this.platform = PaperspacePlatform.builder()
        .apiKey(simulator.apiKey())
        .baseUrl(simulator.baseUrl())
        .ledger(LaunchLedgers.inMemory())
        .pollInterval(Duration.ofMillis(20))
        .build();
    this.access = SshRemoteAccess.builder()
        .privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(clientDir.resolve("known_hosts")))
        .endpoint(machine -> host.endpoint())
        .bootWait(Duration.ofSeconds(10))
        .configure(ssh -> ssh.reconnect(2, Duration.ofMillis(100)).connectTimeout(Duration.ofSeconds(5)))
        .build();
    MachinePower.follow(simulator, host);
  }

  /** Starts a simulator ({@link PaperspaceSimulator#forTests()}), an SSH host, and wires a platform to them. */
  public static SimulatedWorld start() {
    PaperspaceSimulator simulator = PaperspaceSimulator.forTests().build().start();
    EmbeddedSshHost host = null;
    Path clientDir = null;
    try {
      host = EmbeddedSshHost.start();
      clientDir = Files.createTempDirectory("remotegpu-test-client");
      return new SimulatedWorld(simulator, host, clientDir);
    } catch (IOException | RuntimeException e) {
      if (host != null) {
        host.close();
      }
      if (clientDir != null) {
        deleteTree(clientDir);
      }
      simulator.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot create a temporary directory for the simulated run's known_hosts",
            io);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public PaperspaceSimulator simulator() {
    return simulator;
  }

  @Override
  public EmbeddedSshHost host() {
    return host;
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
  public String remoteRoot() {
    return host.root().resolve("durable").toString();
  }

  @Override
  public LaunchRequest launchRequest() {
    return LaunchRequest.of("A4000", "ny2")
        .runId("test")
        .retry(Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50));
  }

  @Override
  public RemoteRun.Builder run() {
    return RemoteRun.on(platform)
        .machine(launchRequest())
        .access(access)
        .pollInterval(Duration.ofMillis(50))
        .readyTimeout(Duration.ofSeconds(20));
  }

  /** Stops the host (killing its jobs) and the simulator, and deletes the temporary directories. */
  @Override
  public void close() {
    try {
      host.close();
    } finally {
      simulator.close();
      deleteTree(clientDir);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException leftBehind) {
      // a temporary directory that cannot be walked stays in the temp directory; the test's result stands
    }
  }
}
