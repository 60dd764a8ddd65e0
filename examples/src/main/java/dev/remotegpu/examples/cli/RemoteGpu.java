package dev.remotegpu.examples.cli;

import dev.remotegpu.core.AuthenticationException;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.RemoteGpuException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code remotegpu} command: what bills ({@code status}), tearing it down under the Iron Law ({@code down}),
 * the gotchas ({@code explain}), the pre-flight ({@code check}), a whole run from a task file ({@code run}) and
 * its run directory ({@code logs}, {@code pull}). Every command takes {@code --simulated} (the embedded simulator:
 * no key, no money) and, where it prints data, {@code --json}.
 */
@Command(name = "remotegpu", mixinStandardHelpOptions = true, version = "remotegpu 0.1.0-SNAPSHOT",
    description = "Run long GPU jobs on rented Paperspace machines without losing work and without surprise bills.%n"
        + "The key comes from PAPERSPACE_API_KEY (never printed); PAPERSPACE_API_URL overrides the API's URL.%n"
        + "Add --simulated to any command to try it on the embedded simulator: no key, no money.",
    subcommands = {StatusCommand.class, DownCommand.class, ExplainCommand.class, CheckCommand.class,
        RunCommand.class, LogsCommand.class, PullCommand.class, CommandLine.HelpCommand.class},
    footer = "%n" + ExitCodes.TABLE)
public final class RemoteGpu implements Callable<Integer> {
  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final String LOG_LEVEL_SSHD = "org.slf4j.simpleLogger.log.org.apache.sshd";
  private final Map<String, String> env;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private BufferedReader reader;

  @Spec
  private CommandSpec spec;

  private RemoteGpu(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /** Runs the command and exits with its code (see {@code remotegpu --help}). */
  public static void main(String[] args) {
    // The SSH and HTTP libraries log at INFO; a terminal tool shows warnings only (override with -D...=info).
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, "warn");
    }
    // The simulated machine's SSH server runs in this process: its session warnings are not the user's business.
    if (System.getProperty(LOG_LEVEL_SSHD) == null) {
      System.setProperty(LOG_LEVEL_SSHD, "error");
    }
    System.exit(execute(System.getenv(), System.in, System.out, System.err, args));
  }

  /** Runs the command with this environment, input and output; returns its exit code. */
  static int execute(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, String... args) {
    return commandLine(env, in, out, err).execute(args);
  }

  /** The picocli command line of {@code remotegpu}, wired to these streams. */
  static CommandLine commandLine(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
    RemoteGpu app = new RemoteGpu(env, in, out, err);
    CommandLine line = new CommandLine(app);
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      int code = exitCodeOf(e);
      err.println(Style.of(err == System.err).bad("remotegpu: " + message(e)));
      err.flush();
      return code;
    });
    return line;
  }

  static int exitCodeOf(Throwable e) {
    if (e instanceof CliException cli) {
      return cli.exitCode();
    }
    if (e instanceof TaskFileException) {
      return ExitCodes.CONFIG;
    }
    if (e instanceof NotFoundException) {
      return ExitCodes.FAILED;
    }
    if (e instanceof AuthenticationException || e instanceof RemoteGpuException) {
      return ExitCodes.PLATFORM;
    }
    return ExitCodes.FAILED;
  }

  private static String message(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return ExitCodes.USAGE;
  }

  Map<String, String> env() {
    return env;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** Whether stdout is the process's own and a terminal is attached (colours and redrawn bars only then). */
  boolean terminal() {
    return out == System.out && System.console() != null;
  }

  /** One line typed on stdin, or null at its end. */
  synchronized String readLine() {
    if (reader == null) {
      reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(in), StandardCharsets.UTF_8));
    }
    try {
      return reader.readLine();
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
