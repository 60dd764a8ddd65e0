package dev.remotegpu.examples.cli;

import dev.remotegpu.core.run.RunListener;
import dev.remotegpu.core.run.RunListeners;
import java.io.PrintStream;

/** The one place the command takes its console progress renderer from (run and pull show the same). */
final class Progress {
  private Progress() {
  }

  /** The SDK's console renderer on {@code out}; the transfer bar redraws in place only when {@code interactive}. */
  static RunListener on(PrintStream out, boolean interactive) {
    return RunListeners.console(out, interactive);
  }
}
