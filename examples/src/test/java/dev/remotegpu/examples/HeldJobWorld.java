package dev.remotegpu.examples;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.ssh.SshRemoteAccess;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The world of the attack tests that act as several host processes on one run: the Paperspace simulator, a platform
 * on it with the given launch ledger, and an embedded SSH host whose job writes checkpoint {@code step-1.ckpt} and
 * then runs until {@link #releaseJob()}, so each test decides when the job ends.
 */
final class HeldJobWorld implements AutoCloseable {
  final PaperspaceSimulator simulator;
  final PaperspacePlatform platform;
  final EmbeddedSshHost host;
  private final Path dir;

  /** Starts the simulator and the host, keeping their files under {@code dir}. */
  HeldJobWorld(Path dir, LaunchLedger ledger) {
    this.dir = dir;
    this.simulator = PaperspaceSimulator.builder().transitionDelay(Duration.ofMillis(50)).build().start();
    this.platform = PaperspacePlatform.builder().apiKey(simulator.apiKey()).baseUrl(simulator.baseUrl())
        .ledger(ledger).pollInterval(Duration.ofMillis(20))
        // The default's 4 sends, 10-50 ms apart instead of 0.5-10 s: an outage a test scripts (failNext) is met by
        // as many sends, without seconds of backoff per refused call.
        .requestRetries(4, Duration.ofMillis(10), Duration.ofMillis(50)).build();
    this.host = EmbeddedSshHost.builder().root(dir.resolve("machine")).build();
  }

  /** The machine's checkpoint root. */
  Path remoteRoot() {
    return host.root().resolve("durable");
  }

  /** Lets the job end (exit 0). */
  void releaseJob() throws IOException {
    Files.createDirectories(remoteRoot());
    Files.writeString(remoteRoot().resolve("release"), "");
  }

  /** The A4000 with a static IP that every host process asks for; add a run id to fix it. */
  static LaunchRequest request() {
    return LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC)
        .retry(Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50));
  }

  /**
   * The same run as each host process describes it: {@code request}, the held job with its state under
   * {@code <remoteRoot>/<jobsDirectory>}, checkpoint id {@code r} pulled to {@code <dir>/pulled}, every file
   * accepted by load.
   */
  RemoteRun.Builder describe(LaunchRequest request, String jobsDirectory) {
    String script = "d=$REMOTEGPU_CHECKPOINT_DIR; mkdir -p \"$d\" && echo step=1 > \"$d/step-1.ckpt\""
        + " && while [ ! -f \"$0/release\" ]; do sleep 0.05; done";
    return RemoteRun.on(platform)
        .machine(request)
        .access(access())
        .job(JobSpec.builder(List.of("sh", "-c", script, remoteRoot().toString()))
            .stateDirectory(remoteRoot() + "/" + jobsDirectory).build())
        .checkpoints(remoteRoot().toString(), dir.resolve("pulled"), "r")
        .verifier(file -> Verifier.Verdict.accept())
        .pollInterval(Duration.ofMillis(50))
        .readyTimeout(Duration.ofSeconds(20));
  }

  /** SSH access to the embedded host, whatever machine is asked for. */
  SshRemoteAccess access() {
    SshEndpoint endpoint = new SshEndpoint(host.endpoint().host(), host.endpoint().port(), host.user());
    return SshRemoteAccess.builder().privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(dir.resolve("known_hosts"))).endpoint(m -> endpoint)
        .configure(ssh -> ssh.reconnect(2, Duration.ofMillis(100))).build();
  }

  /** Ids of the job directories under {@code <remoteRoot>/<jobsDirectory>} whose wrapper process is alive. */
  List<String> aliveJobs(String jobsDirectory) throws IOException {
    Path jobs = remoteRoot().resolve(jobsDirectory);
    if (!Files.isDirectory(jobs)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(jobs)) {
      return s.filter(d -> jobPid(d).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false))
          .map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  /** Waits up to {@code max} until at least {@code n} jobs under {@code jobsDirectory} are alive. */
  void awaitAliveJobs(String jobsDirectory, int n, Duration max) throws IOException, InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end && aliveJobs(jobsDirectory).size() < n) {
      Thread.sleep(50);
    }
  }

  /** The wrapper pid a job directory records, if it records one. */
  static Optional<Long> jobPid(Path jobDir) {
    try {
      Path file = jobDir.resolve("pid");
      return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Ends the job, then stops the host and the simulator. */
  @Override
  public void close() throws IOException {
    try {
      releaseJob();
    } finally {
      host.close();
      simulator.close();
    }
  }
}
