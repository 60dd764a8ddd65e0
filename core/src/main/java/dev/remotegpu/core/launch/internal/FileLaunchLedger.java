package dev.remotegpu.core.launch.internal;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.internal.AtomicFiles;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LedgerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * A launch ledger in a text file shared by every process that uses it, one entry per line: six space-separated,
 * percent-encoded fields (run id, machine name, machine type, region, machine id or "-", recorded-at instant),
 * and a last line that counts them ({@code # end of ledger: N entries}), so that a file cut short at a line
 * boundary is refused instead of read as a shorter ledger. Files of the first format (v1, no end line) are read
 * and rewritten in this one at their next change.
 *
 * <p>Every read and every change holds an exclusive lock on {@code <file>.lock} (a file lock between processes,
 * a monitor per file inside this JVM), re-reads the file inside the lock, applies the one change, writes the
 * result to a uniquely named temporary file, forces it to disk and renames it over the old file. So two
 * processes launching at once both keep their entries, and a crash never leaves half a ledger. A file that
 * cannot be parsed (or is empty without its header) is never rewritten: the change is refused with the reason.
 */
public final class FileLaunchLedger implements LaunchLedger {
  static final String HEADER = "# remotegpu launch ledger v2";
  /** The first format: the same lines, without the end line. */
  static final String HEADER_V1 = "# remotegpu launch ledger v1";
  private static final String END = "# end of ledger: ";
  private static final String END_UNIT = " entries";
  private static final String NO_ID = "-";
  /** One monitor per ledger file in this JVM: a second FileChannel lock in the same JVM would throw. */
  private static final ConcurrentMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;
  private final Clock clock;

  /**
   * The ledger in {@code file}, checked now when the file exists; entries are stamped with {@code clock}.
   *
   * @throws UncheckedIOException when the file exists but is empty, unreadable or corrupt
   */
  public FileLaunchLedger(Path file, Clock clock) {
    this.file = realPath(Objects.requireNonNull(file, "file").toAbsolutePath().normalize());
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (Files.exists(this.file)) {
      entries();
    }
  }

  /**
   * The file a path names once every symbolic link is followed (the missing tail kept as written): a ledger
   * reached through a link must lock and rewrite the file itself, not replace the link with a copy of its own,
   * and two paths to one file must share one lock.
   */
  private static Path realPath(Path absolute) {
    try {
      Path path = absolute;
      for (int hops = 0; hops < 40 && Files.isSymbolicLink(path) && !Files.exists(path); hops++) {
        path = path.resolveSibling(Files.readSymbolicLink(path)).normalize(); // a link to a ledger not made yet
      }
      if (Files.exists(path)) {
        return path.toRealPath();
      }
      Path existing = path.getParent();
      Path rest = path.getFileName();
      while (existing != null && !Files.exists(existing)) {
        rest = existing.getFileName().resolve(rest);
        existing = existing.getParent();
      }
      return existing == null ? path : existing.toRealPath().resolve(rest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve the launch ledger path " + absolute + " (" + e.getMessage()
          + "); nothing was read or written: check the path and its links", e);
    }
  }

  /** The ledger file. */
  public Path file() {
    return file;
  }

  @Override
  public void recordIntent(String runId, String machineName, LaunchCandidate candidate) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(machineName, "machineName");
    Objects.requireNonNull(candidate, "candidate");
    try {
      change(entries -> {
        if (entries.stream().anyMatch(e -> e.machineName().equals(machineName))) {
          return null;
        }
        entries.add(new LedgerEntry(runId, machineName, candidate, Optional.empty(), clock.instant()));
        return entries;
      });
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot record the intent to create " + machineName + " in the launch ledger "
          + file + " (" + e.getMessage() + "); the create was NOT attempted: fix the ledger and launch again",
          e.getCause());
    }
  }

  @Override
  public void recordCreated(String machineName, String machineId) {
    Objects.requireNonNull(machineName, "machineName");
    Objects.requireNonNull(machineId, "machineId");
    try {
      change(entries -> {
        return switch (withId(entries, machineName, machineId)) {
          case NO_INTENT -> throw new IllegalArgumentException("the launch ledger " + file + " has no intent for "
              + "machine name '" + machineName + "': record the intent before the create call");
          case ALREADY -> null;
          case RECORDED -> entries;
        };
      });
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("machine " + machineName + " WAS created (id " + machineId + ") and bills, but "
          + "recording its id in the launch ledger " + file + " failed (" + e.getMessage() + "); the audit shows it "
          + "as UNKNOWN until it is recorded: fix the ledger, then relaunch the same run (it adopts the machine by "
          + "name) or destroy " + machineId + " by hand", e.getCause());
    }
  }

  /**
   * Records {@code machineId} for {@code machineName} in {@code entries}: nothing when an entry already has it, the
   * first entry of that name without an id gets it, and an id beside one already recorded (a second machine
   * created under the same name) gets an entry of its own, so that neither machine leaves the books.
   */
  static IdRecord withId(List<LedgerEntry> entries, String machineName, String machineId) {
    LedgerEntry first = null;
    int withoutId = -1;
    for (int i = 0; i < entries.size(); i++) {
      LedgerEntry old = entries.get(i);
      if (old.machineName().equals(machineName)) {
        if (old.machineId().filter(machineId::equals).isPresent()) {
          return IdRecord.ALREADY;
        }
        first = first == null ? old : first;
        withoutId = withoutId < 0 && old.machineId().isEmpty() ? i : withoutId;
      }
    }
    if (first == null) {
      return IdRecord.NO_INTENT;
    }
    LedgerEntry recorded = new LedgerEntry(first.runId(), machineName, first.candidate(), Optional.of(machineId),
        first.recordedAt());
    if (withoutId >= 0) {
      entries.set(withoutId, recorded);
    } else {
      entries.add(recorded);
    }
    return IdRecord.RECORDED;
  }

  /** What {@link #withId} did. */
  enum IdRecord {
    /** No entry has the machine name. */
    NO_INTENT,
    /** An entry already had the id: nothing changed. */
    ALREADY,
    /** The id was recorded. */
    RECORDED
  }

  @Override
  public List<LedgerEntry> entries() {
    return locked(() -> List.copyOf(readIfPresent()));
  }

  /** Applies {@code edit} to the entries read inside the lock; a null result means nothing to write. */
  private void change(UnaryOperator<List<LedgerEntry>> edit) {
    locked(() -> {
      List<LedgerEntry> changed = edit.apply(new ArrayList<>(readIfPresent()));
      if (changed != null) {
        write(changed);
      }
      return null;
    });
  }

  private interface Locked<T> {
    T run() throws IOException;
  }

  private <T> T locked(Locked<T> body) {
    synchronized (MONITORS.computeIfAbsent(file, f -> new Object())) {
      try {
        Path parent = file.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          return body.run();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
  }

  private List<LedgerEntry> readIfPresent() throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return read(file);
  }

  static List<LedgerEntry> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the launch ledger " + file + ": " + e.getMessage(), e);
    }
    boolean counted = !lines.isEmpty() && lines.get(0).strip().equals(HEADER);
    if (lines.isEmpty() || !counted && !lines.get(0).strip().equals(HEADER_V1)) {
      throw corrupt(file, 0, lines.isEmpty() ? "the file is empty: it was truncated outside remotegpu"
          : "the first line is not '" + HEADER + "'", null);
    }
    List<LedgerEntry> entries = new ArrayList<>();
    int endLine = -1;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      if (endLine >= 0) {
        throw corrupt(file, i, "a line follows the end line, line " + (endLine + 1), null);
      }
      if (counted && line.startsWith(END)) {
        endLine = i;
        String count = line.substring(END.length());
        if (!count.equals(entries.size() + END_UNIT)) {
          throw corrupt(file, i, "the end line counts '" + count + "' but the file holds " + entries.size()
              + " entries", null);
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(" ");
      if (f.length != 6) {
        throw corrupt(file, i, "expected 6 fields, found " + f.length, null);
      }
      try {
        String id = decode(f[4]);
        entries.add(new LedgerEntry(decode(f[0]), decode(f[1]), new LaunchCandidate(decode(f[2]), decode(f[3])),
            NO_ID.equals(id) ? Optional.empty() : Optional.of(id), Instant.parse(decode(f[5]))));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw corrupt(file, i, e.getMessage(), e);
      }
    }
    if (counted && endLine < 0) {
      throw corrupt(file, lines.size(), "the end line '" + END + "N" + END_UNIT + "' is missing: the file was cut "
          + "short after " + entries.size() + " entries, and the entries after them are lost from it", null);
    }
    return entries;
  }

  private static UncheckedIOException corrupt(Path file, int index, String why, Exception cause) {
    return new UncheckedIOException("the launch ledger " + file + " is corrupt at line " + (index + 1) + " ("
        + why + "); it was left exactly as it is and nothing was written to it: repair that line, or restore the "
        + "file from a backup (moving it aside makes every machine it lists count as UNKNOWN)",
        new IOException(why, cause));
  }

  private void write(List<LedgerEntry> entries) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (LedgerEntry e : entries) {
      text.append(encode(e.runId())).append(' ')
          .append(encode(e.machineName())).append(' ')
          .append(encode(e.candidate().machineType())).append(' ')
          .append(encode(e.candidate().region())).append(' ')
          .append(encode(e.machineId().orElse(NO_ID))).append(' ')
          .append(encode(e.recordedAt().toString())).append('\n');
    }
    text.append(END).append(entries.size()).append(END_UNIT).append('\n');
    AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "FileLaunchLedger(" + file + ")";
  }
}
