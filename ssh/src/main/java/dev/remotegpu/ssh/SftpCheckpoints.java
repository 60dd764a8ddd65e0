package dev.remotegpu.ssh;

import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.ssh.internal.MinaSshConnection;
import dev.remotegpu.ssh.internal.sftp.SftpCheckpointStore;
import java.util.Objects;

/** Entry point for checkpoint stores on a remote machine, reached over SFTP. */
public final class SftpCheckpoints {
  private SftpCheckpoints() {}

  /**
   * A {@link CheckpointStore} rooted at {@code remoteRoot} on the machine behind {@code connection} (for
   * example {@code /home/ubuntu/durable/run-42}, or a path relative to the login directory). When the connection has
   * dropped, the store reconnects it on its next call, so a cut sync resumes by running it again. Closing
   * the store closes its SFTP channel, not the connection.
   */
  public static CheckpointStore store(SshConnection connection, String remoteRoot) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(remoteRoot, "remoteRoot");
    if (remoteRoot.isBlank()) {
      throw ValidationException.ofField("remoteRoot", "must name a remote directory");
    }
    if (!(connection instanceof MinaSshConnection mina)) {
      throw ValidationException.ofField("connection", "SFTP needs a connection made by SshConnector.connect, not "
          + connection.getClass().getName());
    }
    return new SftpCheckpointStore(() -> {
      if (!mina.isOpen()) {
        mina.reconnect();
      }
      return mina.session();
    }, remoteRoot, "sftp://" + connection.endpoint() + (remoteRoot.startsWith("/") ? "" : "/~/") + remoteRoot);
  }
}
