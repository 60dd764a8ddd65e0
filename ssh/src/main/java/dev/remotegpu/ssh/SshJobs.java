package dev.remotegpu.ssh;

import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.VanishProbe;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.ssh.internal.job.ShellJobRunner;
import dev.remotegpu.ssh.internal.job.SshVanishProbe;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Detached jobs over SSH. Each job runs under a small POSIX sh wrapper that writes
 * {@code <stateDirectory>/<jobId>/{pid,exit_code,cmd,log}}, so its status (RUNNING, EXITED(code),
 * VANISHED) survives SSH drops and client restarts, and any later connection can
 * {@link JobRunner#attach(String, String) attach} by id.
 *
 * <p>Environment values and {@link dev.remotegpu.core.job.JobSpec#stdin()} travel on the launching
 * command's standard input and then live only in process memory (the job's environment, and for tmux its
 * tmux server's): never in a file, a process argument or a log line. Job arguments reach the job byte for
 * byte (one {@link ShellQuoting} pass, no string building).
 */
public final class SshJobs {
  private SshJobs() {
  }

  /** Jobs under tmux, one tmux server per job ({@code tmux -L rgpu-<jobId>}). */
  public static JobRunner tmuxRunner(SshConnection connection) {
    return new ShellJobRunner(Objects.requireNonNull(connection, "connection"), ShellJobRunner.Mode.TMUX);
  }

  /** Jobs under {@code nohup setsid}, for machines without tmux. */
  public static JobRunner nohupRunner(SshConnection connection) {
    return new ShellJobRunner(Objects.requireNonNull(connection, "connection"), ShellJobRunner.Mode.NOHUP);
  }

  /** The tmux runner when {@code command -v tmux} finds tmux on the machine, else the nohup runner. */
  public static JobRunner runner(SshConnection connection) {
    Objects.requireNonNull(connection, "connection");
    CommandOutput probe = connection.exec(List.of("sh", "-c", "command -v tmux"), Duration.ofSeconds(30));
    return probe.succeeded() ? tmuxRunner(connection) : nohupRunner(connection);
  }

  /** Observes {@code dmesg}, {@code uptime} and {@code nvidia-smi} on the machine for the vanish diagnosis. */
  public static VanishProbe vanishProbe(SshConnection connection) {
    return new SshVanishProbe(Objects.requireNonNull(connection, "connection"));
  }
}
