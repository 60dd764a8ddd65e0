package dev.remotegpu.ssh.internal.job;

import dev.remotegpu.core.SshException;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobStatus;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.ssh.CommandTimeoutException;
import dev.remotegpu.ssh.SshConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** A job started by {@link ShellJobRunner}, read through its state files; reconnects when the connection dropped. */
final class ShellDetachedJob implements DetachedJob {
  /** How much of the log's end {@link #logTail} reads at most: a 600 MiB progress line stays on the machine. */
  static final int LOG_TAIL_BYTES = 1024 * 1024;

  private final SshConnection connection;
  private final String id;
  private final String jobDirectory;

  ShellDetachedJob(SshConnection connection, String id, String jobDirectory) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.id = Objects.requireNonNull(id, "id");
    this.jobDirectory = Objects.requireNonNull(jobDirectory, "jobDirectory");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String directory() {
    return jobDirectory;
  }

  /**
   * The status; a job whose launch is still under way (STARTING: its launcher runs, perhaps for a host program that
   * died during the start) is RUNNING: it has neither ended nor vanished, and reads RUNNING or VANISHED once its
   * launcher is done.
   */
  @Override
  public JobStatus status() {
    String line = readStatusLine();
    if (line.equals("RUNNING") || line.equals("STARTING")) {
      return JobStatus.RUNNING;
    }
    if (line.equals("VANISHED")) {
      return JobStatus.VANISHED;
    }
    if (line.startsWith("EXITED ")) {
      try {
        return JobStatus.exited(Integer.parseInt(line.substring("EXITED ".length()).strip()));
      } catch (NumberFormatException e) {
        throw new SshException("Job " + id + " on " + connection.endpoint() + " has an unreadable exit_code file ("
            + line + ") in " + jobDirectory + ".", id, e);
      }
    }
    throw new SshException("Job " + id + " on " + connection.endpoint() + " has no state files in " + jobDirectory
        + " (" + line + "); was the state directory deleted?", id, null);
  }

  String readStatusLine() {
    CommandOutput result = run(List.of("sh", "-c", JobScripts.STATUS, "rgpu-status", jobDirectory, id));
    if (!result.succeeded()) {
      throw new SshException("Reading the status of job " + id + " on " + connection.endpoint() + " failed: exit "
          + result.exitCode() + ", " + result.stderr().strip(), id, null);
    }
    return result.stdout().strip();
  }

  @Override
  public List<String> logTail(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1: " + lines);
    }
    CommandOutput result = run(List.of("sh", "-c", JobScripts.LOG_TAIL, "rgpu-log", jobDirectory,
        Integer.toString(lines), Integer.toString(LOG_TAIL_BYTES)));
    if (!result.succeeded()) {
      throw new SshException("Reading the log of job " + id + " on " + connection.endpoint() + " failed: "
          + result.stderr().strip(), id, null);
    }
    String text = result.stdout();
    if (text.isEmpty()) {
      return List.of();
    }
    String[] split = (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1);
    return List.of(split);
  }

  @Override
  public void stop(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    long tenths = Math.max(1, grace.toMillis() / 100);
    CommandOutput result = connection.exec(List.of("sh", "-c", JobScripts.STOP, "rgpu-stop", jobDirectory, id,
        Long.toString(tenths)), new byte[0], grace.plus(ShellJobRunner.SCRIPT_TIMEOUT));
    if (!result.succeeded()) {
      throw new SshException("Stopping job " + id + " on " + connection.endpoint() + " failed: "
          + result.stderr().strip(), id, null);
    }
  }

  /** Runs a read-only script; a dropped connection is re-established and the script run once more. */
  private CommandOutput run(List<String> argv) {
    if (!connection.isOpen()) {
      connection.reconnect();
    }
    try {
      return connection.exec(argv, new byte[0], ShellJobRunner.SCRIPT_TIMEOUT);
    } catch (CommandTimeoutException e) {
      throw e;
    } catch (SshException dropped) {
      if (!dropped.retryable()) {
        throw dropped;
      }
      connection.reconnect(); // the read-only script is safe to run again on the new session
      return connection.exec(argv, new byte[0], ShellJobRunner.SCRIPT_TIMEOUT);
    }
  }

  @Override
  public String toString() {
    return "DetachedJob[" + id + " in " + jobDirectory + " on " + connection.endpoint() + "]";
  }
}
