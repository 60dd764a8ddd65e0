package dev.remotegpu.core.remote;

import java.util.Objects;

/**
 * What a remote command left behind: its exit code and, separately, what it wrote to stdout and stderr.
 *
 * @param exitCode the exit status (non-zero means failure); 128 + n when signal n ended the command
 * @param stdout standard output, decoded as UTF-8
 * @param stderr standard error, decoded as UTF-8
 */
public record CommandOutput(int exitCode, String stdout, String stderr) {
  public CommandOutput {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** Whether the command exited 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** Shows the exit code and the output sizes, not the output (which may hold secrets). */
  @Override
  public String toString() {
    return "CommandOutput[exitCode=" + exitCode + ", stdout=" + stdout.length() + " chars, stderr="
        + stderr.length() + " chars]";
  }
}
