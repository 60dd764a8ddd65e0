package dev.remotegpu.examples.cli;

import java.nio.file.Path;

/**
 * A task file that cannot be used: the message names the file, the line and the field, and says what to write
 * instead ({@code task.yaml:7: machine.auto_shutdown_hours: must be a whole number of hours from 1 to 168}).
 */
final class TaskFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String field;

  TaskFileException(Path file, int line, String field, String problem) {
    super(file.getFileName() + ":" + line + ": " + field + ": " + problem);
    this.line = line;
    this.field = field;
  }

  /** The 1-based line the problem is on. */
  int line() {
    return line;
  }

  /** The dotted name of the field, e.g. {@code machine.type}. */
  String field() {
    return field;
  }
}
