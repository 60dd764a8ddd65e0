package dev.remotegpu.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the launch markers a job's launcher leaves beside its job dir ({@code <id>.launching.<launcher pid>}), for
 * tests that kill a launcher where the OOM killer or a power cut would, or plant the marker a killed one leaves.
 */
final class LaunchMarkers {
  private LaunchMarkers() {}

  /** The pid of a launcher of job {@code id} under {@code state}, waited for up to {@code max}; -1 when none came. */
  static long launcherPid(Path state, String id, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    do {
      Optional<Long> pid = current(state, id);
      if (pid.isPresent()) {
        return pid.get();
      }
      Thread.sleep(5);
    } while (System.nanoTime() < end);
    return -1;
  }

  /** The marker a launcher with {@code pid} leaves for job {@code id} (to plant one of a killed launcher). */
  static Path markerOf(Path state, String id, long pid) {
    return state.resolve(id + ".launching." + pid);
  }

  /** The pid of a process that has ended: what a killed launcher's marker names. */
  static long deadPid() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static Optional<Long> current(Path state, String id) {
    String prefix = id + ".launching.";
    try (Stream<Path> files = Files.list(state)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))
          .map(n -> n.substring(prefix.length())).filter(n -> n.matches("[0-9]+")).map(Long::parseLong)
          .filter(pid -> ProcessHandle.of(pid).isPresent()).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
