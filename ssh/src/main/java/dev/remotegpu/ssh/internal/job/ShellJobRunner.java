package dev.remotegpu.ssh.internal.job;

import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.SshException;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.ssh.ShellQuoting;
import dev.remotegpu.ssh.SshConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts jobs detached under tmux (one tmux server per job, socket {@code rgpu-<id>}) or under
 * {@code nohup setsid}, through a wrapper that writes {@code pid}, {@code exit_code} and the log to the job's
 * state directory. Environment values and stdin reach the launcher through its standard input, never through an
 * argument; the stdin secret waits in a 0600 file of the job directory that the wrapper deletes as it starts the
 * job, so it is in no process environment (tmux's global one included) and has no size limit worth noting.
 */
public final class ShellJobRunner implements JobRunner {
  static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
  /** The launcher's exit code when the job directory exists: a job was started under that id already. */
  private static final int JOB_EXISTS = 71;

  /** How the wrapper is detached from the SSH session. */
  public enum Mode {
    /** Under its own tmux server. */
    TMUX("tmux"),
    /** Under {@code nohup setsid} (or plain nohup where setsid is missing). */
    NOHUP("nohup");

    private final String word;

    Mode(String word) {
      this.word = word;
    }

    String word() {
      return word;
    }
  }

  private final SshConnection connection;
  private final Mode mode;

  /** A runner of jobs detached by {@code mode} on the machine behind {@code connection}. */
  public ShellJobRunner(SshConnection connection, Mode mode) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /** tmux or nohup. */
  public Mode mode() {
    return mode;
  }

  @Override
  public DetachedJob start(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    CommandOutput resolved = run(List.of("sh", "-c", JobScripts.RESOLVE_STATE_DIRECTORY, "rgpu-state",
        spec.stateDirectory()), new byte[0]);
    String[] lines = resolved.stdout().split("\n");
    if (!resolved.succeeded() || lines.length < 2) {
      throw new SshException("Cannot create the job state directory " + spec.stateDirectory() + " on "
          + connection.endpoint() + ": " + resolved.stderr().strip() + ". Choose a writable stateDirectory.",
          connection.endpoint().toString(), null, false, null);
    }
    String home = lines[0];
    String stateDirectory = lines[1];
    String id = spec.jobId().orElseGet(JobSpec::freshJobId);
    String jobDirectory = stateDirectory + "/" + id;
    String log = spec.logFile().map(file -> file.startsWith("/") ? file : home + "/" + file)
        .orElse(jobDirectory + "/log");

    List<String> wrapperArgv = new ArrayList<>(List.of("exec", "sh", "-c", JobScripts.WRAPPER, "rgpu-job-" + id,
        jobDirectory, spec.workingDirectory().orElse(""), log));
    wrapperArgv.addAll(spec.argv());
    String cmdText = ShellQuoting.quote(wrapperArgv);
    String tmuxCommand = ShellQuoting.quote(List.of("exec", "sh", jobDirectory + "/cmd"));

    CommandOutput launched = run(List.of("sh", "-c", JobScripts.LAUNCHER, "rgpu-launch", mode.word(), jobDirectory,
        id, cmdText, log, tmuxCommand), launcherInput(spec));
    if (launched.exitCode() == JOB_EXISTS) {
      throw new SshException("Job " + id + " was started already in " + stateDirectory + " on "
          + connection.endpoint() + "; no second job was started under its id: attach to it, or start without a "
          + "jobId (a fresh one is picked).", id, null, false, null);
    }
    if (!launched.succeeded()) {
      throw new SshException("Could not start job " + id + " (" + spec.argv().get(0) + ") under " + mode.word()
          + " on " + connection.endpoint() + ": exit " + launched.exitCode() + ", " + launched.stderr().strip()
          + ". Check that " + mode.word() + " works there and the state directory is writable.",
          connection.endpoint().toString(), null, false, null);
    }
    return new ShellDetachedJob(connection, id, jobDirectory);
  }

  @Override
  public DetachedJob attach(String jobId, String stateDirectory) {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
    JobSpec.requireJobId(jobId);
    CommandOutput found = run(List.of("sh", "-c", JobScripts.FIND_STATE_DIRECTORY, "rgpu-find", stateDirectory),
        new byte[0]);
    if (!found.succeeded() || found.stdout().isBlank()) {
      throw new NotFoundException("No job state directory " + stateDirectory + " on " + connection.endpoint()
          + "; pass the stateDirectory the job was started with.", jobId, null);
    }
    ShellDetachedJob job = new ShellDetachedJob(connection, jobId, found.stdout().strip() + "/" + jobId);
    if (job.readStatusLine().equals("UNKNOWN")) {
      throw new NotFoundException("No job " + jobId + " under " + stateDirectory + " on " + connection.endpoint()
          + "; check the id and the stateDirectory it was started with.", jobId, null);
    }
    return job;
  }

  private CommandOutput run(List<String> argv, byte[] stdin) {
    if (!connection.isOpen()) {
      connection.reconnect();
    }
    return connection.exec(argv, stdin, SCRIPT_TIMEOUT);
  }

  /**
   * The launcher's stdin: a header "ENV_BYTES HAS_STDIN", the export lines (every value quoted by the one
   * quoting function), then the stdin secret, if any. Nothing of it reaches an argument or an environment.
   */
  private static byte[] launcherInput(JobSpec spec) {
    StringBuilder script = new StringBuilder();
    for (Map.Entry<String, String> variable : spec.environment().entrySet()) {
      script.append(ShellQuoting.quote(List.of("export", variable.getKey() + "=" + variable.getValue())))
          .append('\n');
    }
    byte[] env = script.toString().getBytes(StandardCharsets.UTF_8);
    byte[] stdin = spec.stdin().map(text -> text.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    byte[] header = (env.length + " " + (spec.stdin().isPresent() ? 1 : 0) + " " + stdin.length + "\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[header.length + env.length + stdin.length];
    System.arraycopy(header, 0, input, 0, header.length);
    System.arraycopy(env, 0, input, header.length, env.length);
    System.arraycopy(stdin, 0, input, header.length + env.length, stdin.length);
    return input;
  }
}
