package dev.remotegpu.ssh;

import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Exec against the real OpenSSH sshd: separate streams, and a hung command really ended at its timeout. */
class OpenSshConnectionTest {
  @TempDir
  Path client;

  @Test
  void separatesStreamsAndEndsAHungCommandAtItsTimeout() {
    assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
    try (OpenSshDaemon sshd = OpenSshDaemon.start();
        SshConnection connection = TestConnections.connect(sshd, client.resolve("known_hosts"))) {
      CommandOutput result = connection.exec(List.of("sh", "-c", "echo out; echo err >&2; exit 5"));
      assertThat(result).extracting(CommandOutput::exitCode, CommandOutput::stdout, CommandOutput::stderr)
          .containsExactly(5, "out\n", "err\n");

      assertThatThrownBy(() -> connection.exec(List.of("sleep", "3075"), Duration.ofSeconds(2)))
          .isInstanceOf(CommandTimeoutException.class);

      CommandOutput left = connection.exec(List.of("sh", "-c", "sleep 0.5; pgrep -f '^sleep 3075$' | wc -l"));
      assertThat(left.stdout().strip()).as("the timed-out sleep was signalled; sshd log: %s", sshd.log()).isEqualTo("0");
    }
  }
}
