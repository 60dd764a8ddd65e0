package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.ssh.internal.job.ShellJobRunner;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SshJobsTest {
  @TempDir
  Path client;

  @Test
  void choosesTmuxWhereItIsInstalledAndJobsRunInTheirOwnTmuxServer() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed here");
    try (EmbeddedSshHost host = EmbeddedSshHost.start();
        SshConnection connection = TestConnections.connect(host, client.resolve("known_hosts"))) {
      JobRunner runner = SshJobs.runner(connection);
      assertThat(runner).isInstanceOfSatisfying(ShellJobRunner.class,
          shell -> assertThat(shell.mode()).isEqualTo(ShellJobRunner.Mode.TMUX));

      var job = runner.start(JobSpec.builder(List.of("sleep", "30")).stateDirectory("jobs").build());

      assertThat(host.root().resolve("jobs").resolve(job.id()).resolve("pid")).exists();
      CommandOutput sessions = connection.exec(List.of("tmux", "-L", "rgpu-" + job.id(), "list-sessions", "-F",
          "#{session_name}"));
      assertThat(sessions.stdout().strip()).isEqualTo("rgpu-" + job.id());
      job.stop(Duration.ofSeconds(5));
      assertThat(job.status()).isEqualTo(JobStatus.exited(143));
    }
  }

  @Test
  void theVanishProbeReadsUptimeAfterASimulatedAutoShutdown() {
    try (EmbeddedSshHost host = EmbeddedSshHost.start();
        SshConnection connection = TestConnections.connect(host, client.resolve("known_hosts"))) {
      host.simulateAutoShutdown();
      connection.reconnect();

      RunVanishedObservation observed = SshJobs.vanishProbe(connection)
          .observe(Optional.of(Duration.ofHours(6)), Optional.of(Duration.ofHours(6)));

      assertThat(observed.uptimeOutput()).contains(" up 0 min");
      assertThat(observed.dmesgOutput()).contains("simulated boot");
      assertThat(observed.autoShutdownWindow()).hasValue(Duration.ofHours(6));
    }
  }
}
