package dev.remotegpu.ssh;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.remote.CommandOutput;
import java.time.Duration;
import java.util.List;

/**
 * One authenticated SSH connection to a machine, made by {@link SshConnector#connect(SshConfig)}. Safe
 * to use from several threads: each command runs on its own channel.
 */
public interface SshConnection extends AutoCloseable {

  /** Where this connection goes. */
  SshEndpoint endpoint();

  /**
   * Runs {@code argv} (quoted by {@link ShellQuoting#quote(List)}) with the configured command timeout.
   * {@code argv[0]} is executed as a program (not a shell builtin or function); for shell syntax pass
   * {@code List.of("sh", "-c", script, "name", args...)} so values still arrive as arguments.
   *
   * <p>When the connection had dropped before the command was sent, it reconnects once and sends it then: the
   * command had not run. A drop while the command runs is reported, never retried, since its outcome is unknown.
   *
   * @throws CommandTimeoutException when the command runs longer than the timeout; it is ended
   * @throws dev.remotegpu.core.SshException when the connection is closed, cannot be made again, or drops
   *     while the command runs
   */
  CommandOutput exec(List<String> argv);

  /** Runs {@code argv} as {@link #exec(List)} does, ended after {@code timeout}. */
  CommandOutput exec(List<String> argv, Duration timeout);

  /**
   * Runs {@code argv} with {@code stdin} written to its standard input (then end-of-file), ended after
   * {@code timeout}. Use stdin, not arguments, for secrets: arguments are visible in the process list.
   */
  CommandOutput exec(List<String> argv, byte[] stdin, Duration timeout);

  /** Whether the connection is open and authenticated now. */
  boolean isOpen();

  /**
   * Closes the current session if any and connects again, retrying with exponential backoff
   * ({@link SshConfig#reconnectAttempts()} tries). A host key change or an authentication failure is not
   * retried.
   *
   * @throws dev.remotegpu.core.SshException when every try failed
   */
  void reconnect();

  /** Closes the connection; running detached jobs are not affected. */
  @Override
  void close();
}
