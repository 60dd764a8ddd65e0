package dev.remotegpu.ssh.internal.job;

import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.job.VanishProbe;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.ssh.SshConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Runs {@code dmesg}, {@code uptime} and {@code nvidia-smi} over SSH for the vanish diagnosis. */
public final class SshVanishProbe implements VanishProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final SshConnection connection;

  public SshVanishProbe(SshConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  @Override
  public RunVanishedObservation observe(Optional<Duration> autoShutdownWindow, Optional<Duration> runtimeBeforeVanish) {
    if (!connection.isOpen()) {
      connection.reconnect();
    }
    return new RunVanishedObservation(
        output(List.of("sh", "-c", "dmesg 2>/dev/null | tail -n 300")),
        output(List.of("uptime")),
        output(List.of("nvidia-smi")),
        autoShutdownWindow, runtimeBeforeVanish);
  }

  private String output(List<String> argv) {
    try {
      CommandOutput result = connection.exec(argv, TIMEOUT);
      return result.succeeded() ? result.stdout() : "";
    } catch (RemoteGpuException e) {
      return "";
    }
  }
}
