package dev.remotegpu.core.job;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to run as a detached job: the argument vector (passed byte for byte, never through a shell
 * string), where, with which environment, and where its state files live.
 *
 * <p>The job's state ({@code pid}, {@code exit_code}, {@code cmd} and by default its {@code log}) goes to
 * {@code <stateDirectory>/<jobId>/}; put that on durable storage so status survives a restart.
 * Environment values and {@link #stdin()} are treated as secrets: runners pass them to the job through
 * its environment or standard input, never through an argument; the stdin text is in no process environment
 * (the SSH runner keeps it in a 0600 file that is deleted as the job starts), and {@link #toString()} does not
 * show them.
 *
 * @param argv the program and its arguments, at least one element, no NUL characters
 * @param workingDirectory the directory the job starts in (relative to the login directory); empty for the
 *     login directory
 * @param environment variables added to the job's environment (names like {@code [A-Za-z_][A-Za-z0-9_]*}, not
 *     starting with {@link #RESERVED_PREFIX} in any case: the launcher's own variables use it)
 * @param stdin text fed to the job's standard input (for example a token); empty for no input
 * @param logFile where the job's stdout and stderr are appended (relative to the login directory); empty for
 *     {@code <stateDirectory>/<jobId>/log}
 * @param stateDirectory the directory holding one sub-directory per job; relative paths are relative to
 *     the login directory
 * @param jobId the id to start the job under (letters, digits, '.', '_', '-', at most 64, not starting with a
 *     punctuation mark); empty to let the runner pick a fresh one. A runner starts at most one job under an id in a
 *     state directory and refuses a second start under it, so a caller that records the id before starting can
 *     learn after a crash whether the job started ({@link JobRunner#attach}) instead of starting it again.
 */
public record JobSpec(
    List<String> argv,
    Optional<String> workingDirectory,
    Map<String, String> environment,
    Optional<String> stdin,
    Optional<String> logFile,
    String stateDirectory,
    Optional<String> jobId) {

  /** The state directory used when none is given, relative to the login directory. */
  public static final String DEFAULT_STATE_DIRECTORY = ".remotegpu/jobs";

  /** The prefix (any case) of the launcher's own shell variables; job variables may not use it. */
  public static final String RESERVED_PREFIX = "RGPU_";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
  private static final SecureRandom RANDOM = new SecureRandom();

  public JobSpec {
    argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(logFile, "logFile");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must name a program: it is empty");
    }
    for (String arg : argv) {
      requireNoNul(arg, "argv element");
    }
    for (Map.Entry<String, String> variable : environment.entrySet()) {
      if (!ENV_NAME.matcher(variable.getKey()).matches()) {
        throw new IllegalArgumentException(
            "environment variable name must match [A-Za-z_][A-Za-z0-9_]*: '" + variable.getKey() + "'");
      }
      if (variable.getKey().regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
        throw new IllegalArgumentException("environment variable names starting with " + RESERVED_PREFIX
            + " (any case) are reserved for the job launcher's own variables: rename '" + variable.getKey() + "'");
      }
      requireNoNul(variable.getValue(), "value of environment variable " + variable.getKey());
    }
    workingDirectory.ifPresent(dir -> requireNonBlankPath(dir, "workingDirectory"));
    logFile.ifPresent(file -> requireNonBlankPath(file, "logFile"));
    stdin.ifPresent(text -> requireNoNul(text, "stdin"));
    requireNonBlankPath(stateDirectory, "stateDirectory");
    Objects.requireNonNull(jobId, "jobId").ifPresent(JobSpec::requireJobId);
  }

  /** A spec whose runner picks the job id. */
  public JobSpec(List<String> argv, Optional<String> workingDirectory, Map<String, String> environment,
      Optional<String> stdin, Optional<String> logFile, String stateDirectory) {
    this(argv, workingDirectory, environment, stdin, logFile, stateDirectory, Optional.empty());
  }

  /** A fresh job id, {@code j<UTC time>-<6 random hex digits>}, for example {@code j20261130T225319-e21a74}. */
  public static String freshJobId() {
    byte[] random = new byte[3];
    RANDOM.nextBytes(random);
    return "j" + ZonedDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-" + HexFormat.of().formatHex(random);
  }

  /**
   * Checks that {@code id} can name a job: letters, digits, '.', '_' and '-', 1 to 64 of them, the first a letter or
   * a digit (it names a directory and a tmux session on the machine).
   *
   * @return {@code id}
   * @throws IllegalArgumentException naming the id when it cannot
   */
  public static String requireJobId(String id) {
    Objects.requireNonNull(id, "jobId");
    if (!JOB_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a job id (1 to 64 letters, digits, '.', '_', '-', starting with a "
          + "letter or a digit): '" + id + "'");
    }
    return id;
  }

  /** A job running {@code argv} in the login directory, with default state directory and log. */
  public static JobSpec of(String... argv) {
    return builder(List.of(argv)).build();
  }

  /** A builder for a job running {@code argv}. */
  public static Builder builder(List<String> argv) {
    return new Builder(argv);
  }

  /** A builder holding this spec's values. */
  public Builder toBuilder() {
    Builder builder = new Builder(argv);
    builder.workingDirectory = workingDirectory;
    builder.environment.putAll(environment);
    builder.stdin = stdin;
    builder.logFile = logFile;
    builder.stateDirectory = stateDirectory;
    builder.jobId = jobId;
    return builder;
  }

  /** Shows the argv, directories and environment variable names; never environment values or stdin. */
  @Override
  public String toString() {
    return "JobSpec[argv=" + argv + ", workingDirectory=" + workingDirectory.orElse("(login directory)")
        + ", environment=" + environment.keySet().stream().sorted().toList() + " (values hidden)"
        + ", stdin=" + (stdin.isPresent() ? "(hidden)" : "none")
        + ", logFile=" + logFile.orElse("(state directory)") + ", stateDirectory=" + stateDirectory
        + ", jobId=" + jobId.orElse("(runner's choice)") + "]";
  }

  private static void requireNoNul(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " must not contain a NUL character");
    }
  }

  private static void requireNonBlankPath(String path, String what) {
    requireNoNul(path, what);
    if (path.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  /** Builds a {@link JobSpec}; every setter checks its argument at once. */
  public static final class Builder {
    private final List<String> argv;
    private Optional<String> workingDirectory = Optional.empty();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Optional<String> stdin = Optional.empty();
    private Optional<String> logFile = Optional.empty();
    private String stateDirectory = DEFAULT_STATE_DIRECTORY;
    private Optional<String> jobId = Optional.empty();

    private Builder(List<String> argv) {
      this.argv = new ArrayList<>(Objects.requireNonNull(argv, "argv"));
    }

    /** The directory the job starts in. */
    public Builder workingDirectory(String directory) {
      this.workingDirectory = Optional.of(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    /** Adds (or replaces) one environment variable; its value is treated as a secret. */
    public Builder environment(String name, String value) {
      environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Adds every variable of {@code variables}. */
    public Builder environment(Map<String, String> variables) {
      Objects.requireNonNull(variables, "variables").forEach(this::environment);
      return this;
    }

    /** Text fed to the job's standard input, for a secret the job reads there. */
    public Builder stdin(String text) {
      this.stdin = Optional.of(Objects.requireNonNull(text, "text"));
      return this;
    }

    /** Where the job's stdout and stderr go (appended). */
    public Builder logFile(String file) {
      this.logFile = Optional.of(Objects.requireNonNull(file, "file"));
      return this;
    }

    /** The directory holding one sub-directory of state files per job; put it on durable storage. */
    public Builder stateDirectory(String directory) {
      this.stateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The id to start the job under (see {@link JobSpec#jobId()}); checked at once. */
    public Builder jobId(String id) {
      this.jobId = Optional.of(requireJobId(id));
      return this;
    }

    /** The spec; throws {@link IllegalArgumentException} naming the bad value. */
    public JobSpec build() {
      return new JobSpec(argv, workingDirectory, environment, stdin, logFile, stateDirectory, jobId);
    }
  }
}
