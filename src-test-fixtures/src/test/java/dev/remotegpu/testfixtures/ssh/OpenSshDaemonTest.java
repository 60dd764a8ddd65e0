package dev.remotegpu.testfixtures.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSshDaemonTest {
  @TempDir
  Path client;

  @Test
  void acceptsTheClientKeyAndMarksSessionsForKilling() throws Exception {
    assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
    try (OpenSshDaemon sshd = OpenSshDaemon.start()) {
      Path knownHosts = sshd.writeKnownHosts(client.resolve("known_hosts"));

      SshCommandLine.Result result = SshCommandLine.run(sshd.port(), sshd.user(), sshd.clientKeyFile(), knownHosts,
          "echo out; echo err >&2; nohup setsid sleep 3073 >/dev/null 2>&1 </dev/null & exit 4");

      assertThat(result.exitCode()).as(sshd.log()).isEqualTo(4);
      assertThat(result.stdout()).isEqualTo("out\n");
      assertThat(result.stderr()).contains("err");
      assertThat(sshd.killSessionProcesses()).isGreaterThanOrEqualTo(1);
      SshCommandLine.Result after = SshCommandLine.run(sshd.port(), sshd.user(), sshd.clientKeyFile(), knownHosts,
          "pgrep -f '^sleep 3073$' | wc -l");
      assertThat(after.stdout().strip()).isEqualTo("0");
    }
  }
}
