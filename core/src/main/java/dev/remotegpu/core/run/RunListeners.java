package dev.remotegpu.core.run;

import dev.remotegpu.core.run.internal.ConsoleRunListener;
import dev.remotegpu.core.run.internal.IsolatingRunListener;
import dev.remotegpu.core.run.internal.LoggingRunListener;
import java.io.PrintStream;
import java.util.List;

/**
 * Ready-made {@link RunListener}s: the SLF4J log every {@link RemoteRun} writes by default, the console renderer
 * (danger clocks, launch attempts, a transfer progress bar with rate and ETA, teardown tables), and a combination
 * in which one failing listener cannot silence the others.
 */
public final class RunListeners {
  private RunListeners() {
  }

  /**
   * Logs the run on SLF4J logger {@code dev.remotegpu.run}: verbs, launch attempts, decisions and outcomes at
   * INFO, connection losses and refusals at WARN, each job poll and transfer progress at DEBUG. A
   * {@link RemoteRun} always has it; add others with {@link RemoteRun.Builder#listener(RunListener)}.
   */
  public static RunListener logging() {
    return new LoggingRunListener();
  }

  /** Renders the run on {@code System.out}; the progress bar redraws in place when a terminal is attached. */
  public static RunListener console() {
    return new ConsoleRunListener(System.out);
  }

  /** Renders the run on {@code out}, redrawing the progress bar in place only when {@code interactive}. */
  public static RunListener console(PrintStream out, boolean interactive) {
    return new ConsoleRunListener(out, interactive);
  }

  /**
   * One listener that calls each of {@code listeners} in the given order, on the caller's thread. A listener
   * that throws is logged at WARN and skipped for that event only: the ones after it are still called, and the
   * run goes on.
   */
  public static RunListener all(RunListener... listeners) {
    return new IsolatingRunListener(List.of(listeners));
  }
}
