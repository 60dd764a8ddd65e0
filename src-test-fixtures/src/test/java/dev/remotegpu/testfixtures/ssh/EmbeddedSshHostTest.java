package dev.remotegpu.testfixtures.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSshHostTest {
  private static EmbeddedSshHost host;
  @TempDir
  static Path client;
  private static Path key;
  private static Path knownHosts;

  @BeforeAll
  static void startHost() {
    host = EmbeddedSshHost.start();
    key = host.writeClientKey(client.resolve("id"));
    knownHosts = host.writeKnownHosts(client.resolve("known_hosts"));
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  private SshCommandLine.Result ssh(String command) throws Exception {
    return SshCommandLine.run(host.port(), host.user(), key, knownHosts, command);
  }

  @Test
  void runsCommandsInARealShellInTheRootWithSeparateStreamsAndExitCode() throws Exception {
    SshCommandLine.Result result = ssh("pwd; echo \"home=$HOME\"; echo oops >&2; exit 3");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo(host.root() + "\nhome=" + host.root() + "\n");
    assertThat(result.stderr()).contains("oops");
  }

  @Test
  void filesWrittenByCommandsAreInTheRoot() throws Exception {
    ssh("printf hello > greeting.txt");

    assertThat(Files.readString(host.root().resolve("greeting.txt"))).isEqualTo("hello");
  }

  @Test
  void killJobsEndsDetachedProcessesAndTmuxServers() throws Exception {
    ssh("nohup setsid sleep 3071 > /dev/null 2>&1 < /dev/null & echo started");
    ssh("tmux -L fixture-test -f /dev/null new-session -d -s t 'sleep 3072'");
    assertThat(ssh("pgrep -f '^sleep 307[12]$' | wc -l").stdout().strip()).isEqualTo("2");

    int killed = host.killJobs();

    assertThat(killed).isGreaterThanOrEqualTo(3);
    assertThat(ssh("pgrep -f '^sleep 307[12]$' | wc -l").stdout().strip()).isEqualTo("0");
  }

  @Test
  void simulatedAutoShutdownShowsAFreshBootInUptime() throws Exception {
    try (EmbeddedSshHost fresh = EmbeddedSshHost.start()) {
      Path freshKey = fresh.writeClientKey(client.resolve("fresh_id"));
      Path freshKnown = fresh.writeKnownHosts(client.resolve("fresh_known_hosts"));

      fresh.simulateAutoShutdown();

      SshCommandLine.Result uptime = SshCommandLine.run(fresh.port(), fresh.user(), freshKey, freshKnown, "uptime");
      assertThat(uptime.stdout()).containsPattern(" up 0 min, ");
    }
  }

  @Test
  void cutsAConnectionAfterTheGivenNumberOfBytes() throws Exception {
    try (EmbeddedSshHost flaky = EmbeddedSshHost.start()) {
      Path flakyKey = flaky.writeClientKey(client.resolve("flaky_id"));
      Path flakyKnown = flaky.writeKnownHosts(client.resolve("flaky_known_hosts"));
      flaky.dropConnectionsAfterBytes(200_000);

      SshCommandLine.Result result =
          SshCommandLine.run(flaky.port(), flaky.user(), flakyKey, flakyKnown, "head -c 5000000 /dev/zero");

      assertThat(result.exitCode()).isNotZero();
      assertThat(result.stdout().length()).isLessThan(200_000);
      assertThat(flaky.droppedConnections()).isEqualTo(1);

      flaky.clearFaults();
      SshCommandLine.Result healthy =
          SshCommandLine.run(flaky.port(), flaky.user(), flakyKey, flakyKnown, "head -c 5000000 /dev/zero | wc -c");
      assertThat(healthy.stdout().strip()).isEqualTo("5000000");
    }
  }
}
