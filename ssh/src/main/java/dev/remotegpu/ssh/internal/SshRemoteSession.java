package dev.remotegpu.ssh.internal;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.VanishProbe;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.core.remote.RemoteSession;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshJobs;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A {@link RemoteSession} over one SSH connection: exec, detached jobs, SFTP checkpoint stores. */
public final class SshRemoteSession implements RemoteSession {
  private final SshConnection connection;
  private JobRunner jobs;

  /** A session over {@code connection}; closing the session closes the connection. */
  public SshRemoteSession(SshConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  @Override
  public CommandOutput run(List<String> argv, Duration timeout) {
    return connection.exec(argv, timeout);
  }

  @Override
  public synchronized JobRunner jobs() {
    if (jobs == null) {
      jobs = SshJobs.runner(connection);
    }
    return jobs;
  }

  @Override
  public CheckpointStore checkpoints(String remoteRoot) {
    return SftpCheckpoints.store(connection, remoteRoot);
  }

  @Override
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public VanishProbe vanishProbe() {
    return SshJobs.vanishProbe(connection);
  }

  @Override
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return "SshRemoteSession(" + connection.endpoint() + ")";
  }
}
