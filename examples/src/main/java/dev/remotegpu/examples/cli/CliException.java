package dev.remotegpu.examples.cli;

/** A command's failure with its exit code and a message that says what failed and what to do. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The exit code of {@link ExitCodes} the command ends with. */
  int exitCode() {
    return exitCode;
  }
}
