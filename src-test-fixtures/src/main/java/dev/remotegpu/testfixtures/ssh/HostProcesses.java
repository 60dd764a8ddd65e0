package dev.remotegpu.testfixtures.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds and kills every process that carries a marker environment variable, the way a power-off ends
 * every process of a machine: the sessions' shells, their background jobs, and tmux servers they started.
 */
final class HostProcesses {
  /** The environment variable each test host sets on every command it runs. */
  static final String MARKER_VARIABLE = "RGPU_TEST_HOST";

  private HostProcesses() {
  }

  /** Kills (SIGKILL) every process whose environment holds {@code MARKER_VARIABLE=marker}; returns how many. */
  static int killMarked(String marker) {
    byte[] needle = (MARKER_VARIABLE + "=" + marker).getBytes(StandardCharsets.UTF_8);
    int killed = 0;
    for (int round = 0; round < 20; round++) {
      List<Long> found = findMarked(needle);
      if (found.isEmpty()) {
        return killed;
      }
      freeze(found);
      for (long pid : found) {
        if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
          killed++;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return killed;
      }
    }
    return killed;
  }

  /**
   * Stops (SIGSTOP) all of {@code pids} in one go before any is killed, so that none can react to another's
   * death (a pane losing its tmux server gets SIGHUP and would record an exit code): a power cut gives no
   * process the chance to run a handler.
   */
  private static void freeze(List<Long> pids) {
    List<String> command = new ArrayList<>(List.of("kill", "-s", "STOP"));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    try {
      new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // killing without freezing first is the best left
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The pids of live processes whose environment holds the marker. */
  static List<Long> findMarked(byte[] needle) {
    List<Long> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path entry : proc) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (pid == self) {
          continue;
        }
        byte[] environment;
        try {
          environment = Files.readAllBytes(entry.resolve("environ"));
        } catch (IOException | SecurityException gone) {
          continue;
        }
        if (containsEntry(environment, needle)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list /proc to find the test host's processes", e);
    }
    return found;
  }

  private static boolean containsEntry(byte[] environment, byte[] needle) {
    int start = 0;
    for (int i = 0; i <= environment.length; i++) {
      if (i == environment.length || environment[i] == 0) {
        if (i - start == needle.length) {
          boolean same = true;
          for (int j = 0; j < needle.length; j++) {
            if (environment[start + j] != needle[j]) {
              same = false;
              break;
            }
          }
          if (same) {
            return true;
          }
        }
        start = i + 1;
      }
    }
    return false;
  }
}
