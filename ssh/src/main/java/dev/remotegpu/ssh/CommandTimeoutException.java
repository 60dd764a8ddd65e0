package dev.remotegpu.ssh;

import dev.remotegpu.core.SshException;
import java.time.Duration;
import java.util.Objects;

/**
 * A remote command did not finish within its timeout. The SDK sent it SIGTERM and then SIGKILL (where the
 * server honours signal requests) and closed its channel. Raise the timeout, or run long work as a
 * detached job ({@link SshJobs}) instead of a blocking command.
 */
public class CommandTimeoutException extends SshException {
  private static final long serialVersionUID = 1L;

  private final String program;
  private final Duration timeout;

  /** {@code program} (the command's first word) on {@code host} ran longer than {@code timeout}. */
  public CommandTimeoutException(String program, String host, Duration timeout) {
    super("Command '" + program + "' on " + host + " did not finish within " + timeout
        + "; it was ended. Raise the timeout or run it as a detached job (SshJobs).", host, null);
    this.program = Objects.requireNonNull(program, "program");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The command's first word. */
  public String program() {
    return program;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
