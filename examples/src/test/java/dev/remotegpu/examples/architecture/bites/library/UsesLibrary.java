package dev.remotegpu.examples.architecture.bites.library;

import picocli.CommandLine;

/** Uses a library its package must stay free of: the rule must report it. */
public final class UsesLibrary {
  private UsesLibrary() {}

  /** Builds a command line. */
  public static CommandLine of(Object command) {
    return new CommandLine(command);
  }
}
