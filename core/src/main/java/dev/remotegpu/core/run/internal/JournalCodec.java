package dev.remotegpu.core.run.internal;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.internal.json.Json;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.run.RunJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The run journal's JSON form (snake_case keys, ISO-8601 instants and durations, {@code null} for absent). */
public final class JournalCodec {
  static final String FORMAT = "remotegpu-run-journal";

  private JournalCodec() {
  }

  /** The journal as indented JSON with a final newline. */
  public static String encode(RunJournal j) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("version", (long) j.formatVersion());
    root.put("run_id", j.runId());
    root.put("checkpoint_id", j.checkpointId());
    root.put("launch_request", request(j.launchRequest()));
    root.put("machine_id", nullable(j.machineId()));
    root.put("job_id", nullable(j.jobId()));
    root.put("starting_job_id", nullable(j.startingJobId()));
    root.put("launch_count", (long) j.launchCount());
    List<Object> pulls = new ArrayList<>();
    for (RunJournal.Pull p : j.pulls()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", p.at().toString());
      m.put("verified", p.verified());
      m.put("manifest_sha256", nullable(p.manifestSha256()));
      m.put("files", p.files());
      m.put("bytes", p.bytes());
      pulls.add(m);
    }
    root.put("pulls", pulls);
    List<Object> teardowns = new ArrayList<>();
    for (RunJournal.TeardownExecution t : j.teardownExecutions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", t.at().toString());
      m.put("executed", new ArrayList<Object>(t.executed()));
      m.put("refused", new ArrayList<Object>(t.refused()));
      m.put("failed", new ArrayList<Object>(t.failed()));
      m.put("complete", t.complete());
      teardowns.add(m);
    }
    root.put("teardown_executions", teardowns);
    root.put("finished_at", nullable(j.finishedAt().map(Instant::toString)));
    root.put("updated_at", j.updatedAt().toString());
    return Json.writePythonStyle(root, false) + "\n";
  }

  /**
   * Parses a journal read from {@code file}.
   *
   * @throws UncheckedIOException naming the file when the text is not a journal this release reads
   */
  public static RunJournal decode(String text, Path file) {
    try {
      Map<String, Object> root = object(Json.parse(text), "the document");
      if (!FORMAT.equals(root.get("format"))) {
        throw new IllegalArgumentException("\"format\" is not \"" + FORMAT + "\"");
      }
      long version = number(root, "version");
      if (version != RunJournal.FORMAT_VERSION && version != 1) {
        throw new IllegalArgumentException("version " + version + " is not a supported version (1 or "
            + RunJournal.FORMAT_VERSION + "; written by another release of remotegpu?)");
      }
      // Version 1 was written before a launch recorded its id ahead of the start.
      Optional<String> startingJobId = version == 1 ? Optional.empty() : jobId(root, "starting_job_id");
      List<RunJournal.Pull> pulls = new ArrayList<>();
      for (Object o : list(root, "pulls")) {
        Map<String, Object> m = object(o, "a pull");
        pulls.add(new RunJournal.Pull(Instant.parse(string(m, "at")), bool(m, "verified"),
            optional(m, "manifest_sha256"), number(m, "files"), number(m, "bytes")));
      }
      List<RunJournal.TeardownExecution> teardowns = new ArrayList<>();
      for (Object o : list(root, "teardown_executions")) {
        Map<String, Object> m = object(o, "a teardown execution");
        teardowns.add(new RunJournal.TeardownExecution(Instant.parse(string(m, "at")), strings(m, "executed"),
            strings(m, "refused"), strings(m, "failed"), bool(m, "complete")));
      }
      return new RunJournal((int) version, string(root, "run_id"), string(root, "checkpoint_id"),
          request(object(root.get("launch_request"), "launch_request"), string(root, "run_id")),
          optional(root, "machine_id"), jobId(root, "job_id"), startingJobId, (int) number(root, "launch_count"),
          pulls, teardowns, optional(root, "finished_at").map(Instant::parse), Instant.parse(string(root, "updated_at")));
    } catch (IllegalArgumentException | ClassCastException | java.time.DateTimeException e) {
      throw new UncheckedIOException("the run journal " + file + " is not readable (" + e.getMessage()
          + "); it was written elsewhere or damaged: restore it, or start the run in a new run directory and "
          + "adopt the machine by id", new IOException(e.getMessage(), e));
    }
  }

  private static Map<String, Object> request(LaunchRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> candidates = new ArrayList<>();
    for (LaunchCandidate c : r.candidates()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("machine_type", c.machineType());
      cm.put("region", c.region());
      candidates.add(cm);
    }
    m.put("candidates", candidates);
    m.put("template_id", nullable(r.templateId()));
    m.put("disk_size_gb", (long) r.diskSizeGb());
    m.put("public_ip_type", r.publicIpType().name());
    m.put("auto_shutdown", nullable(r.autoShutdown().map(Duration::toString)));
    m.put("deadline", r.deadline().toString());
    m.put("initial_backoff", r.initialBackoff().toString());
    m.put("max_backoff", r.maxBackoff().toString());
    return m;
  }

  private static LaunchRequest request(Map<String, Object> m, String runId) {
    List<LaunchCandidate> candidates = new ArrayList<>();
    for (Object o : list(m, "candidates")) {
      Map<String, Object> c = object(o, "a candidate");
      candidates.add(new LaunchCandidate(string(c, "machine_type"), string(c, "region")));
    }
    return new LaunchRequest(candidates, optional(m, "template_id"), (int) number(m, "disk_size_gb"),
        PublicIpType.valueOf(string(m, "public_ip_type")), optional(m, "auto_shutdown").map(Duration::parse),
        runId, Duration.parse(string(m, "deadline")), Duration.parse(string(m, "initial_backoff")),
        Duration.parse(string(m, "max_backoff")));
  }

  private static Object nullable(Optional<String> value) {
    return value.<Object>map(v -> v).orElse(Json.NULL);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) {
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    return (Map<String, Object>) value;
  }

  private static List<?> list(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof List<?> l)) {
      throw new IllegalArgumentException("\"" + key + "\" is not a JSON array");
    }
    return l;
  }

  private static List<String> strings(Map<String, Object> m, String key) {
    List<String> out = new ArrayList<>();
    for (Object o : list(m, key)) {
      out.add((String) o);
    }
    return out;
  }

  private static String string(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof String s)) {
      throw new IllegalArgumentException("\"" + key + "\" is not a string");
    }
    return s;
  }

  /** An absent value is written as {@code null}; a key that is missing altogether is damage, not absence. */
  /** A job id, absent or one that {@link JobSpec#requireJobId} accepts (it names a directory on the machine). */
  private static Optional<String> jobId(Map<String, Object> m, String key) {
    Optional<String> id = optional(m, key);
    id.ifPresent(value -> {
      try {
        JobSpec.requireJobId(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("\"" + key + "\" is " + e.getMessage(), e);
      }
    });
    return id;
  }

  private static Optional<String> optional(Map<String, Object> m, String key) {
    if (!m.containsKey(key)) {
      throw new IllegalArgumentException("\"" + key + "\" is missing (an absent value is written as null)");
    }
    Object v = m.get(key);
    if (v == null || v == Json.NULL) {
      return Optional.empty();
    }
    return Optional.of(string(m, key));
  }

  private static long number(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Long l)) {
      throw new IllegalArgumentException("\"" + key + "\" is not an integer");
    }
    return l;
  }

  private static boolean bool(Map<String, Object> m, String key) {
    if (!(m.get(key) instanceof Boolean b)) {
      throw new IllegalArgumentException("\"" + key + "\" is not true or false");
    }
    return b;
  }
}
