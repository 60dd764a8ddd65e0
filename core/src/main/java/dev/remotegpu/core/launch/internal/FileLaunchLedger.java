package dev.remotegpu.core.launch.internal;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.launch.LedgerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A launch ledger in a text file, one entry per line: six space-separated, percent-encoded fields
 * (run id, machine name, machine type, region, machine id or "-", recorded-at instant). Every change
 * rewrites the file through a temporary file, forced to disk, then renamed over the old one.
 */
public final class FileLaunchLedger extends InMemoryLaunchLedger {
  static final String HEADER = "# remotegpu launch ledger v1";
  private static final String NO_ID = "-";

  private final Path file;

  /** The ledger in {@code file}, loaded now when the file exists; entries are stamped with {@code clock}. */
  public FileLaunchLedger(Path file, Clock clock) {
    super(clock);
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    if (Files.exists(this.file)) {
      load(read(this.file));
    }
  }

  /** The ledger file. */
  public Path file() {
    return file;
  }

  static List<LedgerEntry> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the launch ledger " + file + ": " + e.getMessage(), e);
    }
    List<LedgerEntry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
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
    return entries;
  }

  private static UncheckedIOException corrupt(Path file, int index, String why, Exception cause) {
    return new UncheckedIOException("the launch ledger " + file + " is corrupt at line " + (index + 1) + " ("
        + why + "); restore it from a backup or move it aside (machines it listed then count as unknown)",
        new IOException(why, cause));
  }

  @Override
  protected void persist(List<LedgerEntry> snapshot) {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (LedgerEntry e : snapshot) {
      text.append(encode(e.runId())).append(' ')
          .append(encode(e.machineName())).append(' ')
          .append(encode(e.candidate().machineType())).append(' ')
          .append(encode(e.candidate().region())).append(' ')
          .append(encode(e.machineId().orElse(NO_ID))).append(' ')
          .append(encode(e.recordedAt().toString())).append('\n');
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(StandardCharsets.UTF_8.encode(text.toString()));
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the launch ledger " + file + " (" + e.getMessage()
          + "); the create was NOT attempted: fix the path or permissions and launch again", e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "FileLaunchLedger(" + file + ", " + entries().size() + " entries)";
  }
}
