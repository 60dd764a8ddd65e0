package dev.remotegpu.core.remote;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.StoredFile;
import dev.remotegpu.core.job.JobRunner;
import dev.remotegpu.core.job.VanishProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An open connection to one machine: run commands, start and re-attach detached jobs, reach a durable
 * directory as a {@link CheckpointStore}, and upload code. Close it when done; the jobs keep running.
 */
public interface RemoteSession extends AutoCloseable {

  /** Runs {@code argv} (no shell string is built from it) and returns its output; ends it at {@code timeout}. */
  CommandOutput run(List<String> argv, Duration timeout);

  /** Starts and re-attaches detached jobs on this machine (tmux, or nohup where tmux is absent). */
  JobRunner jobs();

  /** The directory {@code remoteRoot} on the machine as a checkpoint store (active/, export/, quarantine/). */
  CheckpointStore checkpoints(String remoteRoot);

  /** Whether the connection still answers. */
  boolean isOpen();

  /**
   * Copies every regular file under {@code localDir} to {@code remoteDir}, skipping files whose size and
   * modification time already match. Each file is written under a temporary name and renamed into place.
   *
   * <p>Links: a symbolic link anywhere in {@code localDir} is refused before anything is sent (policy: refuse,
   * never follow, so a link to {@code ~/.ssh/id_ed25519} cannot upload the key); links already on the machine
   * under {@code remoteDir} (a virtualenv) are left alone.
   *
   * @return how many files were sent (unchanged ones not counted)
   * @throws IllegalArgumentException when {@code localDir} is not a directory or holds a symbolic link
   */
  default int upload(Path localDir, String remoteDir) {
    Objects.requireNonNull(localDir, "localDir");
    Objects.requireNonNull(remoteDir, "remoteDir");
    if (!Files.isDirectory(localDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("localDir is not a directory (or is a symbolic link): " + localDir);
    }
    List<Path> local;
    try (Stream<Path> walk = Files.walk(localDir)) {
      local = walk.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + localDir + " to upload it: " + e.getMessage(), e);
    }
    List<Path> links = local.stream().filter(Files::isSymbolicLink).toList();
    if (!links.isEmpty()) {
      throw new IllegalArgumentException("upload of " + localDir + " refused before anything was sent: it holds "
          + links.size() + " symbolic link(s) (" + links.stream().limit(5).map(l -> localDir.relativize(l).toString())
          .collect(java.util.stream.Collectors.joining(", ")) + "); push never follows a link, which could upload "
          + "files from outside the tree (a key): remove the links, or create them on the machine");
    }
    try (CheckpointStore target = checkpoints(remoteDir)) {
      Map<String, StoredFile> present = new HashMap<>();
      for (StoredFile file : target.filesSkippingLinks("")) {
        present.put(file.path(), file);
      }
      int sent = 0;
      for (Path file : local.stream().filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .toList()) {
        String relative = localDir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        long size = Files.size(file);
        java.time.Instant modified = Files.getLastModifiedTime(file).toInstant();
        StoredFile there = present.get(relative);
        if (there != null && there.bytes() == size
            && there.modified().getEpochSecond() == modified.getEpochSecond()) {
          continue;
        }
        String temporary = relative + ".upload.tmp";
        if (target.exists(temporary)) {
          target.discardTemporary(temporary);
        }
        // NOFOLLOW_LINKS: a file swapped for a link after the tree was checked is refused, not followed.
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
            OutputStream out = target.append(temporary)) {
          in.transferTo(out);
        }
        target.move(temporary, relative);
        target.setModified(relative, modified);
        sent++;
      }
      return sent;
    } catch (IOException e) {
      throw new UncheckedIOException("upload of " + localDir + " to " + remoteDir + " failed: " + e.getMessage()
          + "; run it again (unchanged files are skipped)", e);
    }
  }

  /**
   * Reads what explains a vanished run on this machine: {@code dmesg}, {@code uptime} and
   * {@code nvidia-smi}.
   */
  VanishProbe vanishProbe();

  /** Closes the connection; detached jobs keep running. */
  @Override
  void close();
}
