package dev.remotegpu.ssh.internal.sftp;

import dev.remotegpu.core.SshException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.StorePaths;
import dev.remotegpu.core.checkpoint.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CheckpointStore} on a remote directory over SFTP. Reads are pipelined 255 KiB requests (OpenSSH
 * sftp-server's maximum); writes are pipelined too. How deep is measured, not fixed: when its SFTP channel
 * opens, the store times one SSH round trip and sizes the channel window, the reads in flight, the files
 * a sync keeps in flight to it and the channels uploads spread over ({@link LinkTuning}, {@link WriteChannels}:
 * the server fixes each channel's upload window), so a long link is filled while loopback keeps the
 * defaults that {@code perf-notes.md} measured best there. A dropped session is replaced on the next call
 * (through the session supplier, which reconnects), so a cut sync resumes by simply running it again.
 */
public final class SftpCheckpointStore implements CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(SftpCheckpointStore.class);
  /** 255 KiB: the largest read OpenSSH's sftp-server answers in one reply. */
  static final int IO_SIZE = 261120;
  /** Path requests sent at once by {@link #files(String, Collection)}: a few hundred KiB of answers at most. */
  static final int BATCH = 1024;

  private final Supplier<ClientSession> sessions;
  private final String root;
  private final String location;
  private final Object clientLock = new Object();
  private SftpClient client;
  private ClientSession clientSession;
  private volatile LinkTuning tuning;
  private volatile ReadPacing pacing;
  private WriteChannels writeChannels;
  private final AtomicInteger openReads = new AtomicInteger();
  /** Numbers the reads opened, so the budget's remainder is dealt to some of the open files, not to none. */
  private final AtomicLong readsOpened = new AtomicLong();
  private final PipelinedRequests requests;
  /** Remote directories this store saw or made: uploads into them skip the stat (forgotten when one vanishes). */
  private final RemoteDirectories directories = new RemoteDirectories();

  /**
   * @param sessions gives the live session, reconnecting when the last one dropped
   * @param root the remote directory of the store (absolute, or relative to the login directory)
   * @param location the store's description for messages
   */
  public SftpCheckpointStore(Supplier<ClientSession> sessions, String root, String location) {
    this.sessions = java.util.Objects.requireNonNull(sessions, "sessions");
    java.util.Objects.requireNonNull(root, "root");
    this.location = java.util.Objects.requireNonNull(location, "location");
    this.requests = new PipelinedRequests(location);
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
  }

  @Override
  public String location() {
    return location;
  }

  private SftpClient client() throws IOException {
    synchronized (clientLock) {
      if (client != null && client.isOpen() && clientSession != null && clientSession.isOpen()) {
        return client;
      }
      closeClientQuietly();
      ClientSession session;
      try {
        session = sessions.get();
      } catch (SshException e) {
        if (!e.retryable()) {
          // A closed-by-the-program connection or a refused key: retrying the sync cannot help, so the caller
          // must see the non-retryable SshException itself, not a resumable transfer failure.
          throw e;
        }
        throw new IOException("no SSH session for " + location + ": " + e.getMessage(), e);
      }
      // The link is measured while the channel opens (one round trip for both); the window is announced with the
      // open, so it is the largest the heap allows, set for this channel only (the tuning bounds the reads).
      RoundTrip roundTrip = RoundTrip.start(session);
      long maxHeap = Runtime.getRuntime().maxMemory();
      CoreModuleProperties.WINDOW_SIZE.set(session, LinkTuning.openingWindow(maxHeap));
      try {
        client = openChannel(session, location);
      } finally {
        CoreModuleProperties.WINDOW_SIZE.remove(session);
      }
      LinkTuning measured = LinkTuning.forRoundTrip(roundTrip.result(), maxHeap);
      clientSession = session;
      tuning = measured;
      pacing = measured.pacing();
      writeChannels = new WriteChannels(session, location, client, measured);
      LOG.debug("SFTP channel to {} tuned for its link: {}", location, measured);
      return client;
    }
  }

  /**
   * Opens an SFTP channel on {@code session}. A connection that drops between handing out the session and opening
   * the channel is a cut like any other drop: MINA refuses a channel on a closing session with an
   * {@link IllegalStateException}, reported here as the {@link IOException} a sync resumes from.
   */
  static SftpClient openChannel(ClientSession session, String location) throws IOException {
    try {
      return SftpClientFactory.instance().createSftpClient(session);
    } catch (IllegalStateException e) {
      if (session.isOpen() && !session.isClosing()) {
        throw e;
      }
      throw new IOException("the SSH session to " + location + " closed as its SFTP channel opened ("
          + e.getMessage() + "); run the sync again to resume", e);
    }
  }

  /** The tuning measured when the current channel opened (connecting first if there is none). */
  LinkTuning tuning() throws IOException {
    client();
    return tuning;
  }

  /** The bytes of reads the current channel's open files may keep in flight now (its {@link ReadPacing}). */
  long readBudget() throws IOException {
    client();
    return pacing.budget();
  }

  /** Files in flight that keep this store's link busy: more on a longer round trip (see {@link LinkTuning}). */
  @Override
  public int preferredConcurrency() {
    try {
      return tuning().filesInFlight();
    } catch (IOException e) {
      return 1; // the transfer itself will report the connection problem
    }
  }

  /** The upload channels of the current session (connecting first if there is none). */
  WriteChannels writeChannels() throws IOException {
    synchronized (clientLock) {
      client();
      return writeChannels;
    }
  }

  private void closeClientQuietly() {
    if (writeChannels != null) {
      writeChannels.close();
      writeChannels = null;
    }
    if (client != null) {
      try {
        client.close();
      } catch (IOException ignored) {
        // the channel is gone already
      }
      client = null;
    }
  }

  /** A file opened for reading, and the channel it was opened on. */
  private record OpenedRead(SftpClient client, SftpClient.CloseableHandle handle) {}

  /** A request that changes nothing on the server, so asking it twice is safe. */
  @FunctionalInterface
  private interface UnchangingCall<T> {
    T on(SftpClient client) throws IOException;
  }

  /**
   * Runs {@code call} on the kept channel; if that channel turns out closed or closing when the call fails (the
   * server ended the subsystem, or a dropped connection was noticed only by this call's write), the call is asked
   * once more on a new channel. Only for calls that change nothing on the server: a write whose channel closes may
   * or may not have happened, so it fails and the sync resumes from what it knows.
   */
  private <T> T unchanging(UnchangingCall<T> call) throws IOException {
    SftpClient c = client();
    try {
      return call.on(c);
    } catch (IOException e) {
      if (c.isOpen() && !c.getClientChannel().isClosing()) {
        throw e;
      }
      LOG.debug("SFTP channel to {} closed under a call ({}); asking once more on a new channel", location,
          e.toString());
      synchronized (clientLock) {
        if (client == c) {
          closeClientQuietly();
        }
      }
      try {
        return call.on(client());
      } catch (IOException again) {
        again.addSuppressed(e);
        throw again;
      }
    }
  }

  private String remote(String path) {
    if (path.isEmpty()) {
      return root;
    }
    StorePaths.checkRelativePath(path);
    return root.equals("/") ? "/" + path : root + "/" + path;
  }

  private static boolean isMissing(IOException e) {
    return e instanceof SftpException s && s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE;
  }

  @Override
  public List<StoredFile> files(String dir) throws IOException {
    return list(dir, false);
  }

  @Override
  public List<StoredFile> filesSkippingLinks(String dir) throws IOException {
    return list(dir, true);
  }

  private List<StoredFile> list(String dir, boolean skipLinks) throws IOException {
    return unchanging(c -> list(c, dir, skipLinks));
  }

  private List<StoredFile> list(SftpClient c, String dir, boolean skipLinks) throws IOException {
    List<StoredFile> out = new ArrayList<>();
    // Level by level: the directories of one level are listed at once (PipelinedRequests).
    List<String> remoteDirs = List.of(remote(dir));
    List<String> prefixes = List.of("");
    for (boolean top = true; !remoteDirs.isEmpty(); top = false) {
      List<List<SftpClient.DirEntry>> listings;
      try {
        listings = requests.listAll(c, remoteDirs);
      } catch (IOException e) {
        if (top && isMissing(e)) {
          return List.of(); // the directory itself is absent: no second request to ask whether it exists
        }
        throw e;
      }
      List<String> nextDirs = new ArrayList<>();
      List<String> nextPrefixes = new ArrayList<>();
      for (int i = 0; i < listings.size(); i++) {
        collect(listings.get(i), remoteDirs.get(i), prefixes.get(i), out, skipLinks, nextDirs, nextPrefixes);
      }
      remoteDirs = nextDirs;
      prefixes = nextPrefixes;
    }
    out.sort(Comparator.comparing(StoredFile::path));
    return out;
  }

  /**
   * The named files, described in one pipelined batch of {@code LSTAT}s (every file and every directory on the way
   * to one, so a symlink there is refused as a listing refuses it) instead of a listing level by level.
   */
  @Override
  public List<StoredFile> files(String dir, Collection<String> paths) throws IOException {
    String base = remote(dir);
    java.util.TreeSet<String> dirs = new java.util.TreeSet<>();
    for (String path : paths) {
      StorePaths.checkRelativePath(path);
      for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
        dirs.add(path.substring(0, slash));
      }
    }
    List<String> asked = new ArrayList<>(dirs.size() + paths.size() + 1);
    asked.add("");
    asked.addAll(dirs);
    asked.addAll(paths);
    return unchanging(c -> describe(c, base, dirs.size(), asked));
  }

  /** One pipelined batch of {@code LSTAT}s of {@code asked} under {@code base}: "", the directories, the files. */
  private List<StoredFile> describe(SftpClient c, String base, int dirCount, List<String> asked) throws IOException {
    List<StoredFile> out = new ArrayList<>();
    for (int from = 0; from < asked.size(); from += BATCH) {
      List<String> chunk = asked.subList(from, Math.min(asked.size(), from + BATCH));
      SftpBatch batch = new SftpBatch(c);
      for (String path : chunk) {
        batch.lstat(path.isEmpty() ? base : base + "/" + path);
      }
      List<SftpBatch.Answer> answers = batch.answers();
      for (int i = 0; i < chunk.size(); i++) {
        String path = chunk.get(i);
        SftpBatch.Answer a = answers.get(i);
        if (a.missing() && path.isEmpty()) {
          return List.of(); // the directory itself is absent
        } else if (a.missing()) {
          continue;
        } else if (!a.found()) {
          throw new SftpException(a.status(), "cannot describe " + base + "/" + path + ": " + a.message());
        } else if (a.kind() == SftpBatch.Kind.LINK && !path.isEmpty()) {
          throw ValidationException.ofField(path, "symlink is not permitted in a checkpoint bundle: " + base + "/"
              + path);
        } else if (a.kind() == SftpBatch.Kind.FILE && from + i > dirCount) {
          out.add(new StoredFile(path, a.size(), a.modified()));
        }
      }
    }
    out.sort(Comparator.comparing(StoredFile::path));
    return out;
  }

  /** A small file read whole: opened at once, a missing file answering the open (no existence check first). */
  @Override
  public Optional<byte[]> readIfExists(String path) throws IOException {
    InputStream in;
    try {
      in = open(path, 0);
    } catch (IOException e) {
      if (isMissing(e)) {
        return Optional.empty();
      }
      throw e;
    }
    try (in) {
      return Optional.of(in.readAllBytes());
    }
  }

  private static void collect(List<SftpClient.DirEntry> entries, String remoteDir, String prefix,
      List<StoredFile> out, boolean skipLinks, List<String> subdirs, List<String> subdirPrefixes) {
    for (SftpClient.DirEntry entry : entries) {
      String name = entry.getFilename();
      if (name.equals(".") || name.equals("..")) {
        continue;
      }
      SftpClient.Attributes a = entry.getAttributes();
      String relative = prefix.isEmpty() ? name : prefix + "/" + name;
      if (a.isSymbolicLink() && skipLinks) {
        continue;
      }
      if (a.isSymbolicLink()) {
        throw ValidationException.ofField(relative, "symlink is not permitted in a checkpoint bundle: "
            + remoteDir + "/" + name);
      }
      if (a.isDirectory()) {
        subdirs.add(remoteDir + "/" + name);
        subdirPrefixes.add(relative);
      } else if (a.isRegularFile()) {
        FileTime modified = a.getModifyTime();
        out.add(new StoredFile(relative, a.getSize(), modified == null ? Instant.EPOCH : modified.toInstant()));
      }
    }
  }

  @Override
  public List<String> directories(String dir) throws IOException {
    return unchanging(c -> directories(c, dir));
  }

  private List<String> directories(SftpClient c, String dir) throws IOException {
    List<String> out = new ArrayList<>();
    try {
      for (SftpClient.DirEntry entry : requests.list(c, remote(dir))) {
        String name = entry.getFilename();
        if (!name.equals(".") && !name.equals("..") && entry.getAttributes().isDirectory()
            && !entry.getAttributes().isSymbolicLink()) {
          out.add(name);
        }
      }
    } catch (IOException e) {
      if (isMissing(e)) {
        return List.of();
      }
      throw e;
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Override
  public boolean exists(String path) throws IOException {
    try {
      unchanging(c -> c.lstat(remote(path)));
      return true;
    } catch (IOException e) {
      if (isMissing(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public InputStream open(String path, long offset) throws IOException {
    return open(path, offset, Long.MAX_VALUE - offset);
  }

  @Override
  public OutputStream append(String path) throws IOException {
    return openForWriting(path, -1);
  }

  /**
   * Opens {@code path} to write (Write|Create: never truncated) on a leased upload channel, from {@code offset},
   * or from the file's size when {@code offset} is -1: that size is asked by path together with the open, and
   * whichever the server answers first, a file that existed keeps its size and a new one is empty either way.
   * The channel is given back when the stream closes, or at once (with the handle closed) on failure.
   */
  private OutputStream openForWriting(String path, long offset) throws IOException {
    SftpClient c = client();
    String file = remote(path);
    mkdirs(c, parentOf(file));
    WriteChannels channels = writeChannels();
    SftpClient w = channels.lease();
    java.util.concurrent.CompletableFuture<Long> start = offset >= 0
        ? java.util.concurrent.CompletableFuture.completedFuture(offset)
        : requests.alongside(() -> sizeOrZero(w, file));
    SftpClient.CloseableHandle handle;
    try {
      handle = openForAppend(c, w, file);
    } catch (IOException | RuntimeException e) {
      start.handle((r, x) -> r).join();
      channels.release(w);
      throw e;
    }
    try {
      SftpOutputStreamAsync out = new SftpOutputStreamAsync((AbstractSftpClient) w, IO_SIZE, file, handle);
      out.setOffset(PipelinedRequests.result(start));
      return channels.releasingOnClose(out, w);
    } catch (IOException | RuntimeException e) {
      channels.release(w);
      handle.close();
      throw e;
    }
  }

  /**
   * A range read over the store's own channel, whose window {@link LinkTuning} sized to the link: several ranges
   * of one file read at once are several handles pipelined on it, sharing its read budget. (The extra channels
   * of {@link WriteChannels} have the default 2 MiB receive window, which would cap each range at 2 MiB per
   * round trip.)
   */
  @Override
  public InputStream open(String path, long offset, long length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    String file = remote(path);
    OpenedRead opened = unchanging(on -> new OpenedRead(on, on.open(file, EnumSet.of(SftpClient.OpenMode.Read))));
    SftpClient c = opened.client();
    SftpClient.CloseableHandle handle = opened.handle();
    LinkTuning link = tuning;
    ReadPacing paced = pacing;
    openReads.incrementAndGet();
    long ordinal = readsOpened.getAndIncrement();
    try {
      return new PipelinedSftpInput(c, handle, file, offset, length, IO_SIZE,
          () -> link.readsPerFile(IO_SIZE, openReads.get(), paced.budget(), ordinal), paced, requests::closeLater,
          openReads::decrementAndGet);
    } catch (RuntimeException e) {
      openReads.decrementAndGet();
      handle.close();
      throw e;
    }
  }

  /** SFTP writes carry their offset: a piece of a file is written where it belongs, on its own upload channel. */
  @Override
  public java.util.Optional<OffsetWrites> offsetWrites() {
    return java.util.Optional.of(this::writeAt);
  }

  private OutputStream writeAt(String path, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    return openForWriting(path, offset); // the other pieces already written stay: the open never truncates
  }


  /**
   * As many streams per file as uploads spread over channels on this link ({@link WriteChannels}): the server caps
   * each channel at its window per round trip, so on a long link one big file is written as several pieces at
   * once; 1 on loopback or a LAN.
   */
  @Override
  public int writeStreamsPerFile() {
    try {
      return writeChannels().maxChannels();
    } catch (IOException e) {
      return 1; // the transfer itself will report the connection problem
    }
  }

  private static long sizeOrZero(SftpClient c, String file) throws IOException {
    try {
      return c.stat(file).getSize();
    } catch (IOException e) {
      if (isMissing(e)) {
        return 0;
      }
      throw e;
    }
  }

  /** Opens {@code file} to write; a parent directory removed since this store saw it is made again, once. */
  private SftpClient.CloseableHandle openForAppend(SftpClient c, SftpClient w, String file) throws IOException {
    EnumSet<SftpClient.OpenMode> mode = EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create);
    try {
      return w.open(file, mode);
    } catch (IOException e) {
      if (!isMissing(e) || !directories.forget(parentOf(file))) {
        throw e;
      }
      mkdirs(c, parentOf(file));
      return w.open(file, mode);
    }
  }

  private static String parentOf(String file) {
    return RemoteDirectories.parentOf(file);
  }

  private void mkdirs(SftpClient c, String dir) throws IOException {
    directories.make(c, List.of(dir));
  }

  /** Makes every missing level of every directory in one pipelined batch (see {@link RemoteDirectories}). */
  @Override
  public void makeDirectories(Collection<String> dirs) throws IOException {
    List<String> remoteDirs = new ArrayList<>(dirs.size());
    for (String dir : dirs) {
      remoteDirs.add(remote(dir));
    }
    directories.make(client(), remoteDirs);
  }

  @Override
  public void move(String from, String to) throws IOException {
    SftpClient c = client();
    String source = remote(from);
    String target = remote(to);
    mkdirs(c, parentOf(target));
    try {
      // The usual case, a free name in a known directory, costs the rename alone; anything else (a taken name,
      // a vanished directory, a missing source) is sorted out below, where each case has its own answer.
      c.rename(source, target);
      return;
    } catch (SftpException e) {
      if (isMissing(e) && directories.forget(parentOf(target))) {
        mkdirs(c, parentOf(target));
      }
    }
    SftpClient.Attributes sourceAttributes = c.lstat(source);
    try {
      SftpClient.Attributes existing = c.lstat(target);
      if (sourceAttributes.isDirectory() || existing.isDirectory()) {
        throw new IOException("cannot move " + source + ": the target directory " + target + " already exists");
      }
      // SFTP v3 rename refuses an existing target; a file target inside a private staging dir is replaced.
      c.remove(target);
    } catch (IOException e) {
      if (!isMissing(e)) {
        throw e;
      }
    }
    c.rename(source, target);
  }

  @Override
  public void discardTemporary(String path) throws IOException {
    StorePaths.requireTemporary(path, location());
    SftpClient c = client();
    String target = remote(path);
    SftpClient.Attributes a;
    try {
      a = c.lstat(target);
    } catch (IOException e) {
      if (isMissing(e)) {
        return;
      }
      throw e;
    }
    if (a.isDirectory() && !a.isSymbolicLink()) {
      throw StorePaths.directoryRefused(path, location());
    }
    c.remove(target);
  }

  @Override
  public void setModified(String path, Instant modified) throws IOException {
    FileTime time = FileTime.from(modified);
    client().setStat(remote(path), new SftpClient.Attributes().accessTime(time).modifyTime(time));
  }

  @Override
  public void close() throws IOException {
    synchronized (clientLock) {
      closeClientQuietly();
    }
  }

  @Override
  public String toString() {
    return location;
  }
}
