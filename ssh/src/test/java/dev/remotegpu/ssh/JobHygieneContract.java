package dev.remotegpu.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.SshException;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.ssh.internal.SshRemoteSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job and push hygiene on every host: push never follows a link and tolerates remote links, output and log
 * tails are bounded, the stdin secret leaves nothing in any process environment and has no argv-size limit, job
 * variables cannot change what the launcher runs, and a revoked host key is final.
 */
abstract class JobHygieneContract extends SshHostContract {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Duration POLL = Duration.ofMillis(100);

  @TempDir
  Path work;


  /** A config for the same host trusting only what {@code knownHosts} says, with a long reconnect budget. */
  SshConfig.Builder config(Path knownHosts) {
    return host().config(knownHosts);
  }

  /** The host's key as a known_hosts line. */
  String knownHostsLine() {
    return host().knownHostsLine();
  }

  private JobSpec.Builder spec(String... argv) {
    return JobSpec.builder(List.of(argv)).stateDirectory(work.resolve("state").toString());
  }

  @Test
  void pushRefusesALinkOutOfTheTreeAndSendsNothing() throws Exception {
    Path secret = Files.writeString(work.resolve("id_ed25519"), "PRIVATE KEY");
    Path code = Files.createDirectories(work.resolve("code"));
    Files.writeString(code.resolve("train.py"), "print(1)\n");
    Files.createSymbolicLink(code.resolve("key"), secret);
    Path remote = work.resolve("remote-code");

    try (SshRemoteSession session = new SshRemoteSession(SshConnector.connect(config(knownHosts()).build()))) {
      assertThatThrownBy(() -> session.upload(code, remote.toString()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("symbolic link")
          .hasMessageContaining("key");
    }
    assertThat(remote.resolve("key")).doesNotExist();
    assertThat(remote.resolve("train.py")).doesNotExist();
  }

  @Test
  void aSecondPushToleratesALinkOnTheMachine() throws Exception {
    Path code = Files.createDirectories(work.resolve("code2"));
    Files.writeString(code.resolve("train.py"), "print(1)\n");
    Path remote = work.resolve("remote-code2");
    try (SshRemoteSession session = new SshRemoteSession(SshConnector.connect(config(knownHosts()).build()))) {
      assertThat(session.upload(code, remote.toString())).isEqualTo(1);
      Files.createDirectories(remote.resolve("venv/bin"));
      Files.createSymbolicLink(remote.resolve("venv/bin/python"), Path.of("/bin/sh"));
      Files.createSymbolicLink(remote.resolve("venv/lib"), Path.of("/usr/lib"));
      Files.writeString(code.resolve("train.py"), "print(22)\n");
      assertThat(session.upload(code, remote.toString())).isEqualTo(1);
    }
    assertThat(Files.readString(remote.resolve("train.py"))).isEqualTo("print(22)\n");
    assertThat(Files.isSymbolicLink(remote.resolve("venv/bin/python"))).isTrue();
  }

  @Test
  void theStdinSecretReachesTheJobWhateverItsSizeAndLeavesNothingInAnyEnvironmentOrFile() throws Exception {
    String marker = "SECRET-" + UUID.randomUUID();
    String secret = marker + "x".repeat(300 * 1024) + "\n";
    Path got = work.resolve("got");
    DetachedJob job = SshJobs.runner(connection()).start(spec("sh", "-c", "cat > \"$0\"; sleep 30", got.toString())
        .stdin(secret).build());
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(Files.exists(got) && Files.size(got) == secret.length()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.readString(got)).isEqualTo(secret);
    assertThat(processesWhoseEnvironmentHolds(marker)).as("processes with the secret in their environment")
        .isEmpty();
    try (Stream<Path> files = Files.walk(Path.of(job.directory()))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("file %s", f).doesNotContain(marker);
      }
    }
    job.stop(Duration.ofSeconds(1));
  }

  @Test
  void theStdinSecretIsRemovedWhenTheJobCannotStartInItsWorkingDirectory() throws Exception {
    String marker = "SECRET-" + UUID.randomUUID();
    DetachedJob job = SshJobs.runner(connection()).start(spec("cat")
        .workingDirectory(work.resolve("no-such-dir").toString()).stdin(marker + "\n").build());
    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(126));
    assertNoFileHolds(Path.of(job.directory()), marker);
  }

  @Test
  void hostileEnvironmentValuesAndAnEmptySecretReachTheJobByteForByte() throws Exception {
    String value = "it's \"q\" $(touch " + work.resolve("dollar") + ") `touch " + work.resolve("tick")
        + "` \\ \r\n\u00e9\u20ac\n\n";
    Path out = work.resolve("env-out");
    DetachedJob job = SshJobs.runner(connection()).start(spec("sh", "-c",
        "printf '%s|' \"$V\" > \"$0\"; cat >> \"$0\"; printf '|%s' \"$E\" >> \"$0\"", out.toString())
        .environment("V", value).environment("E", "").stdin("").build());
    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(0));
    assertThat(Files.readString(out)).isEqualTo(value + "||");
    assertThat(work.resolve("dollar")).doesNotExist();
    assertThat(work.resolve("tick")).doesNotExist();
  }

  @Test
  void jobVariablesNamedLikeTheLaunchersShellVariablesChangeNothingButTheJobsEnvironment() {
    Path out = work.resolve("vars");
    DetachedJob job = SshJobs.runner(connection()).start(spec("sh", "-c",
        "printf '%s|%s|%s|%s|%s|%s|%s|%s\\n' \"$d\" \"$i\" \"$id\" \"$mode\" \"$tmuxcmd\" \"$log\" \"$cmdtext\" \"$w\""
            + " > \"$0\"",
        out.toString())
        .environment("d", "/nonexistent").environment("i", "999").environment("id", "other")
        .environment("mode", "nohup").environment("tmuxcmd", "touch " + work.resolve("hijacked"))
        .environment("log", "/nonexistent/log").environment("cmdtext", "x").environment("w", "/nowhere").build());
    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(0));
    assertThat(work.resolve("hijacked")).doesNotExist();
    assertThat(out).content().isEqualTo("/nonexistent|999|other|nohup|touch " + work.resolve("hijacked")
        + "|/nonexistent/log|x|/nowhere\n");
    assertThatThrownBy(() -> spec("true").environment("RGPU_JOB_STDIN", "x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    assertThatThrownBy(() -> spec("true").environment("rgpu_d", "x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
  }

  @Test
  void aJobPathReachesTheJobWithoutHidingTheLaunchersOwnTools() {
    Path out = work.resolve("path");
    Path bin = work.resolve("venv-bin");
    DetachedJob job = SshJobs.runner(connection()).start(spec("/bin/sh", "-c",
        "printf '%s\\n' \"$PATH\" > \"$0\"", out.toString())
        .environment("PATH", bin.toString()).stdin("secret")
        .build());
    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(0));
    assertThat(out).content().isEqualTo(bin + "\n");
  }

  @Test
  void commandOutputIsBoundedAndSaysWhatWasDropped() {
    CommandOutput output = connection().exec(List.of("sh", "-c",
        "echo first; head -c 12000000 /dev/zero | tr '\\000' a; echo; echo last"), Duration.ofSeconds(60));
    assertThat(output.exitCode()).isZero();
    assertThat(output.stdout().length())
        .isLessThan(dev.remotegpu.ssh.internal.BoundedOutput.HEAD_BYTES + dev.remotegpu.ssh.internal.BoundedOutput.TAIL_BYTES + 200);
    assertThat(output.stdout()).startsWith("first\n").endsWith("last\n").contains("bytes of output dropped");
  }

  @Test
  void theLogTailOfAHugeLineIsBounded() {
    DetachedJob job = SshJobs.runner(connection()).start(spec("sh", "-c",
        "head -c 6000000 /dev/zero | tr '\\000' a; echo; echo done").build());
    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(0));
    List<String> tail = job.logTail(2);
    assertThat(tail).hasSize(2);
    assertThat(tail.get(1)).isEqualTo("done");
    assertThat(tail.get(0).length()).isLessThan(2_000_000);
  }

  @Test
  void aRevokedHostKeyIsAFinalErrorNotRetriedUntilTheBootWaitEnds() throws Exception {
    Path knownHosts = work.resolve("revoked_known_hosts");
    Files.writeString(knownHosts, "@revoked " + knownHostsLine() + "\n" + knownHostsLine() + "\n");
    long started = System.nanoTime();
    assertThatThrownBy(() -> SshConnector.connect(config(knownHosts).reconnect(50, Duration.ofMillis(200)).build()))
        .isInstanceOf(SshException.class)
        .hasMessageContaining("revoked")
        .satisfies(e -> assertThat(((SshException) e).retryable()).isFalse());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  private static void assertNoFileHolds(Path dir, String marker) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("file %s", f).doesNotContain(marker);
      }
    }
  }

  private Path knownHosts() throws IOException {
    Path file = work.resolve("known_hosts");
    Files.writeString(file, knownHostsLine() + "\n");
    return file;
  }

  private static List<Long> processesWhoseEnvironmentHolds(String marker) throws IOException {
    List<Long> found = new ArrayList<>();
    byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        byte[] env;
        try {
          env = Files.readAllBytes(p.resolve("environ"));
        } catch (IOException | SecurityException e) {
          continue;
        }
        if (indexOf(env, needle) >= 0) {
          found.add(Long.parseLong(p.getFileName().toString()));
        }
      }
    }
    return found;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
