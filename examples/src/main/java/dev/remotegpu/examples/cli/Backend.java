package dev.remotegpu.examples.cli;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.remote.RemoteAccess;
import java.time.Clock;

/**
 * Where a command acts: the real Paperspace API ({@link LiveBackend}) or the simulated account that lives
 * across commands ({@link SimulatedBackend}). The commands see only this, so every command runs the same code
 * on both.
 */
interface Backend extends AutoCloseable {

  /** The platform: machines, billables, the launch ledger, teardown plans. */
  Platform platform();

  /** The way onto a machine (SSH). */
  RemoteAccess access();

  /** The clock the platform runs on (the simulated one runs fast). */
  Clock clock();

  /** The API's base URL (for the checks the platform does not expose). */
  String apiBaseUrl();

  /** The API key: sent in an Authorization header only, never printed. */
  String apiKey();

  /** The durable directory on the machine for a task that asked for {@code requested}. */
  String remoteRoot(String requested);

  /** The request as this backend launches it (the simulated one retries on a shorter clock). */
  LaunchRequest prepare(LaunchRequest request);

  /** One line that says what this is: "simulated account in ..." or "Paperspace API at ...". */
  String describe();

  @Override
  void close();
}
