package dev.remotegpu.examples;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.ssh.SshRemoteAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One run described the same way by a host process that is killed ({@link #main}: halts with
 * {@code Runtime.halt} at the verb named in its arguments) and by the process that resumes it (the test).
 */
public final class CrashResumeWorld {
  static final int HALTED = 77;

  /** The settings both processes share. */
  record Settings(String baseUrl, String apiKey, int sshPort, String user, Path clientKey, Path knownHosts,
      Path dir, String remoteRoot) {
    List<String> args() {
      return List.of(baseUrl, apiKey, Integer.toString(sshPort), user, clientKey.toString(), knownHosts.toString(),
          dir.toString(), remoteRoot);
    }

    static Settings of(String[] a) {
      return new Settings(a[0], a[1], Integer.parseInt(a[2]), a[3], Path.of(a[4]), Path.of(a[5]), Path.of(a[6]),
          a[7]);
    }
  }

  private CrashResumeWorld() {
  }

  static PaperspacePlatform platform(Settings s) {
    return PaperspacePlatform.builder().apiKey(s.apiKey()).baseUrl(s.baseUrl())
        .ledger(LaunchLedgers.inFile(s.dir().resolve("ledger.txt"))).pollInterval(Duration.ofMillis(20)).build();
  }

  /**
   * A job that records the contract it was launched with, waits until {@code <remoteRoot>/release} exists (so a
   * host killed while watching sees it running, however slow the machine), then writes four 64 KiB checkpoint
   * files, one every 150 ms, each under a .tmp name first.
   */
  static JobSpec job(Settings s) {
    String script = """
        d=$REMOTEGPU_CHECKPOINT_DIR; mkdir -p "$d"
        while [ ! -f "$0/release" ]; do sleep 0.05; done
        printf 'run=%s launch=%s resume=%s\\n' "$REMOTEGPU_RUN_ID" "$REMOTEGPU_LAUNCH" "${REMOTEGPU_RESUME_FROM-none}" \
          >> "$0/contract.log"
        for i in 1 2 3 4; do
          head -c 65536 /dev/urandom > "$d/step-$i.ckpt.tmp" && mv "$d/step-$i.ckpt.tmp" "$d/step-$i.ckpt"
          sleep 0.15
        done
        """;
    return JobSpec.builder(List.of("sh", "-c", script, s.remoteRoot()))
        .stateDirectory(s.remoteRoot() + "/jobs").build();
  }

  static RemoteRun.Builder run(PaperspacePlatform platform, Settings s, RunListener listener) {
    return RemoteRun.on(platform)
        .machine(new LaunchRequest(List.of(new LaunchCandidate("A4000", "ny2")), java.util.Optional.empty(), 100,
            dev.remotegpu.core.PublicIpType.STATIC, java.util.Optional.of(Duration.ofHours(12)),
            LaunchRequest.newRunId(), Duration.ofSeconds(20), Duration.ofMillis(10), Duration.ofMillis(50)))
        .access(SshRemoteAccess.builder()
            .privateKey(s.clientKey())
            .knownHosts(s.knownHosts())
            .endpoint(m -> new SshEndpoint("127.0.0.1", s.sshPort(), s.user()))
            .configure(ssh -> ssh.reconnect(2, Duration.ofMillis(100)))
            .build())
        .job(job(s))
        .checkpoints(s.remoteRoot(), s.dir().resolve("pulled"), "ck")
        .runDirectory(s.dir().resolve("run"))
        // A real load check (a non-empty file): a Verifier.NONE pull is no Iron Law evidence.
        .verifier(file -> file.toFile().length() > 0 ? Verifier.Verdict.accept()
            : Verifier.Verdict.reject("empty checkpoint " + file.getFileName()))
        .listener(listener)
        .pollInterval(Duration.ofMillis(50))
        .readyTimeout(Duration.ofSeconds(20));
  }

  /** Runs the verbs in order and halts the JVM at {@code args[8]}: up, push, start, watch or pull. */
  public static void main(String[] args) {
    Settings s = Settings.of(args);
    String crashAt = args[8];
    RunListener halter = new RunListener() {
      @Override
      public void launched(LaunchCandidate candidate, String machineName, String machineId) {
        haltIf(crashAt, "up"); // created and in the ledger, not yet in the journal
      }

      @Override
      public void statusRead(DetachedJob job, JobStatus status) {
        if (status.isRunning()) {
          haltIf(crashAt, "watch");
        }
      }

      @Override
      public void fileFinished(String path, long bytes) {
        haltIf(crashAt, "pull"); // one file pulled, the others not
      }
    };
    RemoteRun run = run(platform(s), s, halter).build();
    run.up();
    run.push(s.dir().resolve("code"), s.remoteRoot() + "/code");
    haltIf(crashAt, "push");
    run.start();
    haltIf(crashAt, "start");
    run.watch();
    run.pull();
    Runtime.getRuntime().halt(1); // never reached: every verb above halts first
  }

  private static void haltIf(String crashAt, String verb) {
    if (crashAt.equals(verb)) {
      Runtime.getRuntime().halt(HALTED);
    }
  }
}
