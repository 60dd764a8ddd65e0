package dev.remotegpu.examples.cli;

import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.examples.console.ConsoleProgress;
import java.io.PrintStream;

/** The one place the command takes its console progress renderer from (run and pull show the same). */
final class Progress {
  private Progress() {
  }

  /** A renderer on {@code out}; the transfer bar redraws in place only when {@code interactive}. */
  static RunListener on(PrintStream out, boolean interactive) {
    return new ConsoleProgress(out, interactive);
  }
}
