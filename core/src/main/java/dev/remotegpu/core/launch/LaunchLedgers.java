package dev.remotegpu.core.launch;

import dev.remotegpu.core.launch.internal.FileLaunchLedger;
import dev.remotegpu.core.launch.internal.InMemoryLaunchLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/** Factories for {@link LaunchLedger}s: a durable file, or memory for tests and short-lived programs. */
public final class LaunchLedgers {
  private LaunchLedgers() {
  }

  /**
   * A ledger kept in {@code file}, loaded now if the file exists, and rewritten atomically (temporary
   * file, then rename) on every change so a crash never leaves half a ledger.
   *
   * @throws java.io.UncheckedIOException when the file exists but cannot be read or parsed
   */
  public static LaunchLedger inFile(Path file) {
    return inFile(file, Clock.systemUTC());
  }

  /** As {@link #inFile(Path)}, stamping entries with {@code clock}. */
  public static LaunchLedger inFile(Path file, Clock clock) {
    return new FileLaunchLedger(Objects.requireNonNull(file, "file"), Objects.requireNonNull(clock, "clock"));
  }

  /** A ledger that lives only as long as this process; use a file for anything that bills. */
  public static LaunchLedger inMemory() {
    return inMemory(Clock.systemUTC());
  }

  /** As {@link #inMemory()}, stamping entries with {@code clock}. */
  public static LaunchLedger inMemory(Clock clock) {
    return new InMemoryLaunchLedger(Objects.requireNonNull(clock, "clock"));
  }
}
