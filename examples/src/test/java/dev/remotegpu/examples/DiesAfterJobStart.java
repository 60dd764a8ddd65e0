package dev.remotegpu.examples;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.job.VanishProbe;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.remote.RemoteSession;
import java.time.Duration;
import java.util.List;

/**
 * Remote access whose job starts reach the machine and then kill the host program before the start returns: the
 * job runs, and the host never learns its id. Everything else goes to {@code delegate}.
 */
record DiesAfterJobStart(RemoteAccess delegate) implements RemoteAccess {

  /** Thrown where the host program dies; carries the id of the job the machine started. */
  static final class HostKilled extends RuntimeException {
    private final String jobId;

    HostKilled(String jobId) {
      super("host killed after the machine started job " + jobId);
      this.jobId = jobId;
    }

    String jobId() {
      return jobId;
    }
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
        JobRunner runner = session.jobs();
        return new JobRunner() {
          @Override
          public DetachedJob start(JobSpec spec) {
            throw new HostKilled(runner.start(spec).id());
          }

          @Override
          public DetachedJob attach(String jobId, String stateDirectory) {
            return runner.attach(jobId, stateDirectory);
          }
        };
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
      public void close() {
        session.close();
      }
    };
  }
}
