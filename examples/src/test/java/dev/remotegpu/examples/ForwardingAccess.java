package dev.remotegpu.examples;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.VanishProbe;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.remote.RemoteSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** Remote access that hands every session's job runner to {@code jobs}; the rest goes to {@code delegate}. */
public final class ForwardingAccess implements RemoteAccess {
  private final RemoteAccess delegate;
  private final UnaryOperator<JobRunner> jobs;
  private final boolean closeSessions;

  public ForwardingAccess(RemoteAccess delegate, UnaryOperator<JobRunner> jobs) {
    this(delegate, jobs, true);
  }

  /** With {@code closeSessions} false, closing a session leaves its connection (and its commands) running. */
  public ForwardingAccess(RemoteAccess delegate, UnaryOperator<JobRunner> jobs, boolean closeSessions) {
    this.delegate = delegate;
    this.jobs = jobs;
    this.closeSessions = closeSessions;
  }

  @Override
  public RemoteSession open(Machine machine) {
    RemoteSession session = delegate.open(machine);
    return new RemoteSession() {
      @Override
      public CommandOutput run(List<String> argv, Duration timeout) {
        return session.run(argv, timeout);
      }

      @Override
      public JobRunner jobs() {
        return jobs.apply(session.jobs());
      }

      @Override
      public CheckpointStore checkpoints(String remoteRoot) {
        return session.checkpoints(remoteRoot);
      }

      @Override
      public boolean isOpen() {
        return session.isOpen();
      }

      @Override
      public VanishProbe vanishProbe() {
        return session.vanishProbe();
      }

      @Override
      public int upload(Path localDir, String remoteDir) {
        return session.upload(localDir, remoteDir);
      }

      @Override
      public void close() {
        if (closeSessions) {
          session.close();
        }
      }
    };
  }
}
