package dev.remotegpu.examples;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.TeardownPlan;
import java.time.Clock;

/**
 * Where the {@link Lifecycle} example runs: the embedded default (simulated Paperspace and an SSH host on
 * loopback) or the real API. It supplies the platform, the way in, the launch, and the user's approvals.
 */
interface World extends AutoCloseable {

  Platform platform();

  RemoteAccess access();

  LaunchRequest launchRequest();

  /**
   * The rates the user declares for the launch's first machine type (the platform gives no price before launch),
   * for the spend-ahead estimate shown before the create; empty when none is declared.
   */
  default java.util.Optional<dev.remotegpu.core.cost.DeclaredRates> declaredRates() {
    return java.util.Optional.empty();
  }

  Clock clock();

  /** The durable directory on the machine: checkpoints, job state and code live under it. */
  String remoteRoot();

  /** Plays what the world can show while the job runs (an SSH drop, an auto-shutdown). */
  void whileJobRuns(RemoteRun run) throws Exception;

  /** The user's approvals for {@code plan}; irreversible steps must be approved one by one. */
  Approvals approvals(TeardownPlan plan);

  /** A line that says what this world costs, printed at the end. */
  String billSummary();

  @Override
  void close();
}
