package dev.remotegpu.examples.cli;

import dev.remotegpu.core.checkpoint.Verifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A task's {@code verify.command} as a verify-by-load hook: run here, in the task file's directory, with the pulled
 * file's path appended; exit 0 means the checkpoint loads. It applies to the files whose name matches
 * {@code verify.files}.
 */
final class CommandVerifier implements Verifier {
  private static final long TIMEOUT_SECONDS = 600;

  private final List<String> command;
  private final Path workingDirectory;
  private final PathMatcher files;

  CommandVerifier(List<String> command, Path workingDirectory, String glob) {
    this.command = List.copyOf(command);
    this.workingDirectory = workingDirectory;
    this.files = FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }

  /** The verifier of {@code task}: its command, or {@link Verifier#NONE} (sizes and digests only) when it has none. */
  static Verifier of(TaskFile task) {
    return task.verifyCommand().isEmpty() ? Verifier.NONE
        : new CommandVerifier(task.verifyCommand(), task.source().toAbsolutePath().getParent(), task.verifyFiles());
  }

  @Override
  public boolean appliesTo(String bundlePath) {
    String name = bundlePath.substring(bundlePath.lastIndexOf('/') + 1);
    return files.matches(Path.of(name));
  }

  @Override
  public Verdict verify(Path file) {
    List<String> argv = new ArrayList<>(command);
    argv.add(file.toAbsolutePath().toString());
    try {
      Process process = new ProcessBuilder(argv).directory(workingDirectory.toFile()).redirectErrorStream(true)
          .start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Verdict.reject(file.getFileName() + ": the verifier " + argv.get(0) + " did not finish in "
            + TIMEOUT_SECONDS + " s");
      }
      String said = new String(output, StandardCharsets.UTF_8).strip();
      return process.exitValue() == 0 ? Verdict.accept()
          : Verdict.reject(file.getFileName() + " does not load: the verifier exited " + process.exitValue()
              + (said.isEmpty() ? "" : ": " + said));
    } catch (IOException e) {
      return Verdict.reject("cannot run the verifier " + String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Verdict.reject("interrupted while verifying " + file.getFileName());
    }
  }
}
