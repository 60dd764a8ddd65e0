package dev.remotegpu.core.remote;

import dev.remotegpu.core.teardown.DurableFile;
import dev.remotegpu.core.teardown.DurableInventory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link DurableInventory} read through a {@link RemoteSession}: it inventories a run's durable roots on the machine
 * with one remote command: {@code find} lists every entry that
 * is not a directory, and {@code sha256sum} hashes each regular file there (no byte crosses the network). A
 * symlink, a device or a file that cannot be read is reported with its problem, never skipped.
 */
public final class ShellInventory implements DurableInventory {
  /** One NUL-terminated record per entry: "F size sha256 path", "U 0 - path" (unreadable), "O 0 - path" (other). */
  private static final String SCRIPT = String.join("\n",
      "cd -- \"$1\" 2>/dev/null || exit 0",
      "shift",
      "for d in \"$@\"; do",
      "  [ -e \"$d\" ] || [ -L \"$d\" ] || continue",
      "  find \"$d\" ! -type d -print0",
      "done | xargs -0 -r sh -c '",
      "for f do",
      "  if [ -f \"$f\" ] && [ ! -L \"$f\" ]; then",
      "    if s=$(wc -c < \"$f\") && h=$(sha256sum < \"$f\"); then",
      "      printf \"F %s %s %s\\0\" \"$s\" \"${h%% *}\" \"$f\"",
      "    else printf \"U 0 - %s\\0\" \"$f\"; fi",
      "  else printf \"O 0 - %s\\0\" \"$f\"; fi",
      "done' sh");

  private final Supplier<RemoteSession> session;
  private final String root;
  private final List<String> roots;
  private final Duration timeout;

  /**
   * @param session opens or returns the session to the machine
   * @param root the run's durable root (absolute)
   * @param roots the durable roots to list, relative to {@code root} (for example {@code active}, {@code export})
   *     or absolute
   * @param timeout how long the listing may take (it reads every byte once on the machine)
   */
  public ShellInventory(Supplier<RemoteSession> session, String root, List<String> roots, Duration timeout) {
    this.session = Objects.requireNonNull(session, "session");
    this.root = Objects.requireNonNull(root, "root");
    this.roots = List.copyOf(roots);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public List<DurableFile> take() throws IOException {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh", root));
    argv.addAll(roots);
    CommandOutput out;
    try {
      out = session.get().run(argv, timeout);
    } catch (RuntimeException e) {
      throw new IOException("listing the durable roots under " + root + " failed: " + e.getMessage(), e);
    }
    if (!out.succeeded()) {
      throw new IOException("listing the durable roots under " + root + " exited " + out.exitCode() + ": "
          + out.stderr().strip());
    }
    return parse(out.stdout());
  }

  static List<DurableFile> parse(String stdout) throws IOException {
    List<DurableFile> files = new ArrayList<>();
    for (String record : stdout.split("\0")) {
      if (record.isEmpty()) {
        continue;
      }
      String[] parts = record.split(" ", 4);
      if (parts.length != 4) {
        throw new IOException("unreadable inventory record: " + record);
      }
      String path = parts[3].startsWith("./") ? parts[3].substring(2) : parts[3];
      switch (parts[0]) {
        case "F" -> files.add(DurableFile.hashed(path, Long.parseLong(parts[1].strip()), parts[2]));
        case "U" -> files.add(DurableFile.unreadable(path, "could not be read on the machine"));
        case "O" -> files.add(DurableFile.unreadable(path, "not a regular file (a symlink, socket or device)"));
        default -> throw new IOException("unreadable inventory record: " + record);
      }
    }
    return files;
  }
}
