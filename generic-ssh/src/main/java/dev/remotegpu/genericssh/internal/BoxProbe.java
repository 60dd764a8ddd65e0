package dev.remotegpu.genericssh.internal;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.SshException;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.genericssh.SshBox;
import dev.remotegpu.genericssh.checks.DetachToolsCheck;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Connects to a box and reads what a launch verifies: that a shell answers, and which detach tools it has. */
final class BoxProbe {

  private static final String VERIFY = "echo remotegpu-box-ok; command -v tmux >/dev/null 2>&1 && echo tmux=yes;"
      + " command -v nohup >/dev/null 2>&1 && echo nohup=yes; true";

  private final Function<SshEndpoint, SshConfig> configs;

  BoxProbe(Function<SshEndpoint, SshConfig> configs) {
    this.configs = Objects.requireNonNull(configs, "configs");
  }

  /**
   * Connects and runs the verification.
   *
   * @throws SshException when the box cannot be reached or its shell does not answer as a POSIX shell
   */
  DetachToolsCheck.Tools verify(SshBox box) {
    try (SshConnection connection = SshConnector.connect(configs.apply(box.endpoint()))) {
      CommandOutput out = connection.exec(List.of("sh", "-c", VERIFY));
      if (!out.succeeded() || !out.stdout().contains("remotegpu-box-ok")) {
        throw new SshException("box " + box.name() + " answered SSH but its shell did not run 'sh -c echo': "
            + out + "; log in as " + box.endpoint().user() + " and check the login shell", box.name(), null);
      }
      return new DetachToolsCheck.Tools(out.stdout().contains("tmux=yes"), out.stdout().contains("nohup=yes"));
    }
  }

  /** Whether the box answers SSH now (connects, authenticates and runs {@code true}). */
  boolean answers(SshBox box) {
    try (SshConnection connection = SshConnector.connect(configs.apply(box.endpoint()))) {
      return connection.exec(List.of("true")).succeeded();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
