package dev.remotegpu.examples;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.remote.RemoteSession;

/**
 * Remote access whose job starts reach the machine and then kill the host program before the start returns: the
 * job runs, and the host never learns its id. Everything else goes to {@code delegate}.
 */
public record DiesAfterJobStart(RemoteAccess delegate) implements RemoteAccess {

  /** Thrown where the host program dies; carries the id of the job the machine started. */
  public static final class HostKilled extends RuntimeException {
    private final String jobId;

    /** The death of a host program whose job {@code jobId} the machine started. */
    public HostKilled(String jobId) {
      super("host killed after the machine started job " + jobId);
      this.jobId = jobId;
    }

    /** The job the machine started. */
    public String jobId() {
      return jobId;
    }
  }

  @Override
  public RemoteSession open(Machine machine) {
    return new ForwardingAccess(delegate, runner -> new JobRunner() {
      @Override
      public DetachedJob start(JobSpec spec) {
        throw new HostKilled(runner.start(spec).id());
      }

      @Override
      public DetachedJob attach(String jobId, String stateDirectory) {
        return runner.attach(jobId, stateDirectory);
      }
    }).open(machine);
  }
}
