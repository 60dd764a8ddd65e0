package dev.remotegpu.ssh;

import java.util.Objects;

/**
 * What a remote command returned: its exit code and its stdout and stderr, kept apart (decoded as UTF-8).
 *
 * @param exitCode the exit status; 128 + n when signal n ended the command
 * @param stdout everything the command wrote to standard output
 * @param stderr everything the command wrote to standard error
 */
public record ExecResult(int exitCode, String stdout, String stderr) {

  public ExecResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** Whether the command exited with 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** Shows the exit code and the output sizes, not the output. */
  @Override
  public String toString() {
    return "ExecResult[exitCode=" + exitCode + ", stdout=" + stdout.length() + " chars, stderr="
        + stderr.length() + " chars]";
  }
}
