package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The exclusive lock a sync holds on a local target for one bundle ({@code export/.partial/.<id>.lock}, an OS file
 * lock, so it holds across processes and ends with the process): two syncs of one id into one directory would write
 * into the same partials, and one could publish while the other still appends. A target without local paths is not
 * locked.
 */
final class TargetLock implements AutoCloseable {
  private final Optional<FileChannel> channel;

  private TargetLock(Optional<FileChannel> channel) {
    this.channel = channel;
  }

  /** Takes the lock for bundle {@code id} on {@code target}, or refuses naming the sync that holds it. */
  static TargetLock take(CheckpointStore target, String id) throws IOException {
    Optional<Path> file = target.localPath("export/.partial/." + id + ".lock");
    if (file.isEmpty()) {
      return new TargetLock(Optional.empty());
    }
    Files.createDirectories(file.get().getParent());
    FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException held) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new ValidationException("another sync of checkpoint " + id + " into " + target.location() + " is running",
          List.of(new ValidationException.Issue(id, "its lock " + file.get() + " is held: wait for that sync to end "
              + "(or end it), then run this one again")));
    }
    return new TargetLock(Optional.of(channel));
  }

  @Override
  public void close() throws IOException {
    if (channel.isPresent()) {
      channel.get().close(); // releases the lock
    }
  }
}
