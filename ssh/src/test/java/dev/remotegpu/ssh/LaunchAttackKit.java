package dev.remotegpu.ssh;

import dev.remotegpu.core.job.DetachedJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * What the launch attack tests share: shims written into the embedded host's PATH directory, a wait for a file, and a
 * handle to a job directory that does not go through {@code attach} (whose status read would itself run the scripts
 * under attack, and use up a shim's one slow call).
 */
final class LaunchAttackKit {
  private LaunchAttackKit() {}

  /** Writes the executable shim {@code name} into {@code bin}. */
  static void script(Path bin, String name, String text) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Waits up to {@code max} for {@code file} to exist (following links); returns either way. */
  static void awaitFile(Path file, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end && !Files.exists(file)) {
      Thread.sleep(20);
    }
  }

  /** The job {@code id} under {@code state}, read through {@code connection} without {@code attach}. */
  static DetachedJob directJob(SshConnection connection, Path state, String id) throws Exception {
    var ctor = Class.forName("dev.remotegpu.ssh.internal.job.ShellDetachedJob")
        .getDeclaredConstructor(SshConnection.class, String.class, String.class);
    ctor.setAccessible(true);
    return (DetachedJob) ctor.newInstance(connection, id, state.toRealPath().resolve(id).toString());
  }
}
