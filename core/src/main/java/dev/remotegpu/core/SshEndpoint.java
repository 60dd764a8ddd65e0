package dev.remotegpu.core;

import java.util.Objects;

/**
 * Where to reach a machine over SSH: host, port and login user.
 *
 * @param host an IP address or host name
 * @param port the TCP port, 1..65535
 * @param user the login user the platform or the box sets (for example "ubuntu")
 */
public record SshEndpoint(String host, int port, String user) {
  public SshEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (user.isBlank()) {
      throw new IllegalArgumentException("user must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535: " + port);
    }
  }

  /** Port 22. */
  public static SshEndpoint of(String host, String user) {
    return new SshEndpoint(host, 22, user);
  }

  @Override
  public String toString() {
    return user + "@" + host + ":" + port;
  }
}
