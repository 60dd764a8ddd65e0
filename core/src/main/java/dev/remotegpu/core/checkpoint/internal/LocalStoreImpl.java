package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.StorePaths;
import dev.remotegpu.core.checkpoint.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A {@link CheckpointStore} on the local file system. */
public final class LocalStoreImpl implements CheckpointStore {
  private final Path root;

  /** A store rooted at {@code root}; the directory is created on the first write. */
  public LocalStoreImpl(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String location() {
    return root.toUri().toString();
  }

  /**
   * The file system path of a store path, refused when a directory on the way to it below the root is a symbolic link:
   * a link planted in the store ({@code export/.partial -> /elsewhere}) must not carry a pull's bytes outside it. The
   * root itself may be a link (a store kept on another disk); the last component is opened without following links.
   */
  private Path resolve(String path) {
    if (path.isEmpty()) {
      return root;
    }
    PathRules.checkRelativePath(path);
    Path resolved = root.resolve(path);
    Path dir = root;
    for (Path segment : root.relativize(resolved.getParent() == null ? root : resolved.getParent())) {
      if (segment.toString().isEmpty()) {
        break;
      }
      dir = dir.resolve(segment);
      if (Files.isSymbolicLink(dir)) {
        throw PathRules.invalid(path, "refusing " + path + " in " + location() + ": " + root.relativize(dir)
            + " is a symbolic link (a store follows no link below its root; remove the link, or point the store's "
            + "root at the other disk instead)");
      }
    }
    return resolved;
  }

  @Override
  public List<StoredFile> files(String dir) throws IOException {
    List<StoredFile> out = new ArrayList<>();
    for (LocalTree.Entry e : LocalTree.list(resolve(dir))) {
      out.add(new StoredFile(e.path(), e.bytes(), e.modified()));
    }
    return out;
  }

  @Override
  public List<StoredFile> filesSkippingLinks(String dir) throws IOException {
    List<StoredFile> out = new ArrayList<>();
    for (LocalTree.Entry e : LocalTree.list(resolve(dir), true)) {
      out.add(new StoredFile(e.path(), e.bytes(), e.modified()));
    }
    return out;
  }

  @Override
  public List<String> directories(String dir) throws IOException {
    Path p = resolve(dir);
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(p)) {
      return children.filter(c -> Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS))
          .map(c -> c.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public InputStream open(String path, long offset) throws IOException {
    FileChannel channel = FileChannel.open(resolve(path), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    try {
      channel.position(offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return Channels.newInputStream(channel);
  }

  @Override
  public OutputStream append(String path) throws IOException {
    Path p = resolve(path);
    Files.createDirectories(p.getParent());
    // Never through a symlink: a link planted in a staging directory must not redirect a pull's bytes elsewhere.
    return Channels.newOutputStream(FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS));
  }

  @Override
  public Optional<OffsetWrites> offsetWrites() {
    return Optional.of(this::writeAt);
  }

  private OutputStream writeAt(String path, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    Path p = resolve(path);
    Files.createDirectories(p.getParent());
    // Never truncated (other pieces of the same file are written beside this one), never through a symlink.
    FileChannel channel = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    try {
      channel.position(offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return Channels.newOutputStream(channel);
  }

  @Override
  public void move(String from, String to) throws IOException {
    Path source = resolve(from);
    Path target = resolve(to);
    Files.createDirectories(target.getParent());
    if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS) && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "the target directory already exists");
    }
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void discardTemporary(String path) throws IOException {
    StorePaths.requireTemporary(path, location());
    Path p = resolve(path);
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      throw StorePaths.directoryRefused(path, location());
    }
    Files.deleteIfExists(p);
  }

  @Override
  public void setModified(String path, Instant modified) throws IOException {
    Files.setLastModifiedTime(resolve(path), FileTime.from(modified));
  }

  @Override
  public Optional<Path> localPath(String path) {
    return Optional.of(resolve(path));
  }

  @Override
  public String toString() {
    return location();
  }
}
