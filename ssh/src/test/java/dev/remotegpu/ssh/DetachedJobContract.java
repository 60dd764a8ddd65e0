package dev.remotegpu.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.SshException;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every detached-job runner on every host must do: survive a drop and re-attach by id, report
 * EXITED(code) and VANISHED, and pass arguments byte for byte.
 */
abstract class DetachedJobContract extends SshHostContract {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Duration POLL = Duration.ofMillis(100);

  @TempDir
  Path state;


  abstract JobRunner runner(SshConnection connection);

  /** A brand-new connection, as a restarted client would make. */
  SshConnection newConnection() {
    return host().newConnection();
  }

  /** Breaks the SSH connection(s) the way the network would. */
  void dropConnections() {
    host().dropConnections();
  }

  /** Kills every process of the host's sessions, as an OOM kill of the whole tree or a power-off would. */
  void killEverything() {
    host().killEverything();
  }

  JobSpec.Builder spec(String... argv) {
    return JobSpec.builder(List.of(argv)).stateDirectory(state.toString());
  }

  @Test
  void keepsRunningAcrossAnSshDropAndThenExitsZero() throws Exception {
    Path gate = state.resolve("gate");
    DetachedJob job = runner(connection()).start(spec("sh", "-c",
        "echo started; while [ ! -f \"$1\" ]; do sleep 0.1; done; echo finished", "job", gate.toString()).build());
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);

    dropConnections();
    try (SshConnection restarted = newConnection()) {
      DetachedJob again = runner(restarted).attach(job.id(), state.toString());
      assertThat(again.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);

      Files.writeString(gate, "go");

      assertThat(again.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(0));
      assertThat(again.logTail(10)).containsExactly("started", "finished");
    }
  }

  @Test
  void startsUnderTheIdItIsGivenAndNeverTwice() throws Exception {
    Path gate = state.resolve("gate-once");
    JobSpec once = spec("sh", "-c", "echo run >> \"$1.runs\"; while [ ! -f \"$1\" ]; do sleep 0.1; done", "job",
        gate.toString()).jobId("launch-1.a_b").build();
    DetachedJob job = runner(connection()).start(once);
    assertThat(job.id()).isEqualTo("launch-1.a_b");

    assertThatThrownBy(() -> runner(connection()).start(once)).isInstanceOf(SshException.class)
        .hasMessageContaining("launch-1.a_b").hasMessageContaining("started already");

    assertThat(runner(connection()).attach("launch-1.a_b", state.toString()).status()).isEqualTo(JobStatus.RUNNING);
    Files.writeString(gate, "go");
    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(0));
    assertThat(Files.readAllLines(state.resolve("gate-once.runs"))).containsExactly("run");
  }

  @Test
  void reportsTheExitCode() {
    DetachedJob job = runner(connection()).start(spec("sh", "-c", "echo failing >&2; exit 3").build());

    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(3));
    assertThat(job.status().exitCode()).hasValue(3);
    assertThat(job.logTail(5)).containsExactly("failing");
  }

  @Test
  void reportsVanishedWhenTheProcessTreeIsKilled() {
    DetachedJob job = runner(connection()).start(spec("sleep", "300").build());
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);

    killEverything();

    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.VANISHED);
  }

  @Test
  void argumentsReachTheJobByteForByte() throws Exception {
    List<List<String>> cases = new ArrayList<>();
    cases.add(HostileArguments.FIXED);
    cases.add(HostileArguments.random(42L, 30).stream().flatMap(List::stream).toList());
    List<DetachedJob> jobs = new ArrayList<>();
    for (List<String> argv : cases) {
      List<String> command = new ArrayList<>(List.of("printf", "%s\\0"));
      command.addAll(argv);
      jobs.add(runner(connection()).start(JobSpec.builder(command).stateDirectory(state.toString()).build()));
    }
    for (int i = 0; i < jobs.size(); i++) {
      DetachedJob job = jobs.get(i);
      assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(0));
      byte[] log = Files.readAllBytes(Path.of(job.directory(), "log"));
      assertThat(HostileArguments.splitOnNul(log)).isEqualTo(cases.get(i));
    }
  }
}
