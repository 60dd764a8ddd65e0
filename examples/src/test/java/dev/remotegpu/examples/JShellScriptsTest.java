package dev.remotegpu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's JShell scripts ({@code examples/jshell/*.jsh}) with the JDK's real {@code jshell}, as
 * {@code run.sh} does, on this module's class path: a renamed class or method the scripts use breaks the build
 * instead of the user's first try. Each script must run to its end, exit 0 and print its key lines; JShell goes
 * on after a snippet that fails, so any diagnostic it reports ({@code Error:}, {@code Exception ...}) fails too.
 */
class JShellScriptsTest {
  private static final Path SCRIPTS = Path.of("jshell");
  private static final long TIMEOUT_SECONDS = 180;
  /** How JShell reports a snippet that did not compile or threw, on its error stream. */
  private static final Pattern DIAGNOSTIC = Pattern.compile("^(Error:|Exception [\\w.$]+|Caused by: ).*");

  @TempDir
  Path work;

  @Test
  void quickstartPrintsTheProfile() throws Exception {
    Result result = run("quickstart.jsh");

    result.assertExitedCleanly();
    assertThat(result.stdout()).contains(
        "[CRITICAL] Auto-shutdown ends every run [PS2]",
        "PS2 - A long run dies at a round-number wall-clock with no error.",
        "Gotchas matching \"vanished at 12 h\", best first:\n  PS2 - ",
        "/storage/run-1/ckpt.pt survives STOP: true",
        "/home/paperspace/ckpt survives DESTROY on a Core machine: false",
        "Still billing after a stop:\n  Core block storage: ends by destroy the machine",
        "Iron Law: NO destroy/delete of the machine");
  }

  @Test
  void lifecycleRunsToTheApprovedTeardown() throws Exception {
    Result result = run("lifecycle.jsh");

    result.assertExitedCleanly();
    assertThat(result.stdout()).contains(
        "launch attempt #4: A5000@ny2",
        "== SSH drop: re-attached to ",
        "== auto-shutdown: machine ",
        " is OFF",
        ": EXITED(0) after ",
        "resumed from checkpoint step-",
        "training done at step 40",
        "== audit: everything in the account that bills, ours or not",
        "per month billing (PS1)",
        "user approves: destroy-machine:",
        "user does not approve: delete-snapshot:",
        "matches the plan: true",
        "lifecycle complete");
    assertThat(result.stdout()).containsPattern("verified pull: \\d+ file\\(s\\) in .*, manifest sha256 [0-9a-f]{12}");
  }

  /** Runs {@code jshell} as run.sh does: the same logger settings, this module's class path, the script. */
  private Result run(String script) throws IOException, InterruptedException {
    Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
    assertThat(Files.isExecutable(jshell))
        .as("%s is missing: the JShell scripts test needs a JDK (not a JRE) to run the README's scripts; "
            + "run the build on a JDK 17+ whose bin/ has jshell", jshell)
        .isTrue();
    Path file = SCRIPTS.resolve(script);
    assertThat(file).as("the README's script %s (run from the examples module)", file).isRegularFile();

    List<String> command = new ArrayList<>(List.of(jshell.toString(),
        // C1 only, in both of jshell's JVMs: a short script gains nothing from the optimising compiler.
        "-J-XX:TieredStopAtLevel=1", "-R-XX:TieredStopAtLevel=1",
        "-R-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-R-Dorg.slf4j.simpleLogger.log.org.apache.sshd=error",
        "--class-path", classPath(), file.toString()));
    Path stdout = work.resolve(script + ".out");
    Path stderr = work.resolve(script + ".err");
    Path noInput = Files.createFile(work.resolve(script + ".in"));
    // No input: a script that never reaches its /exit ends at EOF instead of waiting at the prompt.
    Process process = new ProcessBuilder(command).redirectInput(noInput.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(script + " did not end within " + TIMEOUT_SECONDS + " s; its output:\n"
          + Files.readString(stdout) + "\nits errors:\n" + Files.readString(stderr));
    }
    return new Result(script, process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  /** The test class path: surefire's real one, not its manifest-only booter jar; test classes left out. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String path = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    return String.join(File.pathSeparator, Stream.of(path.split(Pattern.quote(File.pathSeparator)))
        .filter(entry -> !entry.endsWith("test-classes")).toList());
  }

  private record Result(String script, int exitCode, String stdout, String stderr) {
    void assertExitedCleanly() {
      String transcript = "%s; its output:%n%s%nits errors:%n%s".formatted(script, stdout, stderr);
      assertThat(exitCode).as("exit status of " + transcript).isZero();
      assertThat(stderr.lines().filter(line -> DIAGNOSTIC.matcher(line).matches()).toList())
          .as("JShell diagnostics (a snippet that failed) in " + transcript).isEmpty();
    }
  }
}
