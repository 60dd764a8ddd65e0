package dev.remotegpu.junit;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;

/**
 * What {@link SimulatedPaperspaceExtension} gives a test: a simulated Paperspace account on loopback, an embedded
 * SSH host (a real shell in a temporary directory) that every simulated machine's address leads to and that
 * powers off when the machine does, and a platform and SSH access wired to them. Everything is in memory or
 * under a temporary directory deleted after the test; nothing is written under the user's home.
 */
public interface SimulatedPaperspace {

  /** The simulated API, for faults ({@code simulator().faults()}), the account and the billing meter. */
  PaperspaceSimulator simulator();

  /** The SSH host standing in for every machine of the account. */
  EmbeddedSshHost host();

  /** A Paperspace platform on the simulator: an in-memory launch ledger and 20 ms state polls. */
  Platform platform();

  /** SSH access to {@link #host()} for any machine of the simulated account. */
  RemoteAccess access();

  /** A directory on the host for the run's checkpoints: give it to {@code RemoteRun.Builder.checkpoints}. */
  String remoteRoot();

  /** {@code LaunchRequest.of("A4000", "ny2")} (its defaults: a dynamic IP, a 12 h auto-shutdown) with a 20 s retry budget. */
  LaunchRequest launchRequest();

  /**
   * A run builder with the platform, the access, {@link #launchRequest()} and fast polls (50 ms job polls, 20 s
   * ready timeout) already set: add the job, the checkpoints and the verifier.
   */
  RemoteRun.Builder run();
}
