package dev.remotegpu.ssh;

import dev.remotegpu.ssh.internal.MinaSshConnection;
import java.util.Objects;

/** Opens {@link SshConnection}s. */
public final class SshConnector {
  private SshConnector() {
  }

  /**
   * Connects and authenticates as {@code config} says, checking the host key against known_hosts.
   *
   * @throws UnknownHostKeyException when the host key is unknown and new keys are not accepted
   * @throws HostKeyMismatchException when the host key changed
   * @throws dev.remotegpu.core.SshException when the connection or authentication fails
   */
  public static SshConnection connect(SshConfig config) {
    return MinaSshConnection.open(Objects.requireNonNull(config, "config"));
  }
}
