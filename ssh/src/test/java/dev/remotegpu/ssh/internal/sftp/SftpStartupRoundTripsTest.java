package dev.remotegpu.ssh.internal.sftp;

import static dev.remotegpu.ssh.internal.sftp.SftpOverLongLinkTest.randomFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.testfixtures.net.EmulatedLink;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up of a pull and of a push over a long emulated link, counted in round trips: what a sync pays before
 * its data flows (channel open, link measurement, manifest, listing, directories), which a short transfer on a
 * long link feels most. Bounds leave about two round trips of margin for a busy 2-core machine.
 */
class SftpStartupRoundTripsTest {
  private static final Duration RTT = Duration.ofMillis(250);
  static EmbeddedSshHost host;
  static EmulatedLink link;
  /** Every directory the server was asked to make ({@code MKDIR}), with how often. */
  static final Map<Path, Integer> made = new ConcurrentHashMap<>();
  @TempDir static Path keys;

  @BeforeAll
  static void start() {
    host = EmbeddedSshHost.start();
    link = EmulatedLink.start(host.port(), RTT, 200_000_000);
    host.addSftpEventListener(new SftpEventListener() {
      @Override
      public void creating(ServerSession session, Path path, Map<String, ?> attrs) {
        made.merge(path.toAbsolutePath(), 1, Integer::sum);
      }
    });
  }

  @AfterAll
  static void stop() {
    link.close();
    host.close();
  }

  private static SshConnection connect() throws Exception {
    return SftpOverLongLinkTest.connectThrough(host, link, keys);
  }

  private static double roundTripsSince(long start) {
    return (System.nanoTime() - start) / (double) RTT.toNanos();
  }

  @Test
  void aSmallBundleIsPulledFromChannelOpenToLastByteInFewRoundTrips(@TempDir Path local) throws Exception {
    Path root = Files.createTempDirectory(host.root(), "pull");
    byte[] weights = randomFile(root.resolve("active/run/model/weights.bin"), 100_000, 1);
    randomFile(root.resolve("active/run/optimizer/state.bin"), 1000, 2);
    randomFile(root.resolve("active/run/step.txt"), 10, 3);
    CheckpointSync.seal(LocalCheckpointStore.at(root), "run", "step-1", Clock.systemUTC());
    try (SshConnection connection = connect()) {
      connection.exec(List.of("true")); // the session is warm: what is counted is the store's work, from its channel open
      long start = System.nanoTime();
      SyncResult pulled;
      try (CheckpointStore remote = SftpCheckpoints.store(connection, root.toString())) {
        pulled = CheckpointSync.builder().verifier(Verifier.NONE).build()
            .pull(remote, LocalCheckpointStore.at(local), "run");
      }
      double roundTrips = roundTripsSince(start);

      assertThat(pulled.filesSent()).isEqualTo(3);
      assertThat(local.resolve("export/run/model/weights.bin")).hasBinaryContent(weights);
      // Before: the link measured, then the channel opened and SFTP initialised, an lstat of the manifest, its open
      // and read, the listing level by level (2 per level), each file's open and first read: 15 round trips.
      // Now: channel open and SFTP init with the measurement alongside (2), the manifest opened and read (2), the
      // bundle's files and directories asked at once (1), the files opened and read at once (2): 7 (9-10 measured
      // on the loaded machine: the rest is CPU time).
      assertThat(roundTrips).isLessThan(11.5);
    }
  }

  @Test
  void theLinkIsMeasuredWhileTheChannelOpensAndStillRight() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "tuning");
    try (SshConnection connection = connect();
        SftpCheckpointStore store = (SftpCheckpointStore) SftpCheckpoints.store(connection, root.toString())) {
      Duration measured = store.tuning().roundTrip();
      assertThat(measured).isBetween(RTT.multipliedBy(9).dividedBy(10), RTT.multipliedBy(2));
    }
  }

  @Test
  void aSmallFileIsReadOrFoundAbsentWithoutAskingFirstWhetherItExists() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "small");
    byte[] manifest = randomFile(root.resolve("export/run/PULL_MANIFEST.json"), 3000, 4);
    try (SshConnection connection = connect();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      store.exists("x");
      long start = System.nanoTime();
      assertThat(store.readIfExists("export/other/PULL_MANIFEST.json")).isEmpty();
      // lstat, then nothing: 1 round trip; now the open answers that it is missing: 1.
      assertThat(roundTripsSince(start)).as("absent").isLessThan(1.6);
      start = System.nanoTime();
      assertThat(store.readIfExists("export/run/PULL_MANIFEST.json")).contains(manifest);
      // lstat, open, read: 3 round trips; now open and read: 2.
      assertThat(roundTripsSince(start)).as("present").isLessThan(2.6);
    }
  }

  @Test
  void theFilesOfADeepBundleAreDescribedInOneRoundTrip() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "describe");
    List<String> paths = List.of("a/b/c/d/one.bin", "a/b/two.bin", "e/three.bin", "four.bin");
    for (String p : paths) {
      randomFile(root.resolve("export/run/" + p), 100 + p.length(), p.hashCode());
    }
    try (SshConnection connection = connect();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      store.exists("x");
      long start = System.nanoTime();
      var files = store.files("export/run", java.util.stream.Stream.concat(paths.stream(), Stream.of("gone.bin"))
          .toList());
      // A listing: 2 round trips per level (5 levels): 10. One batch of LSTATs of the files and the directories on
      // their way: 1.
      assertThat(roundTripsSince(start)).isLessThan(1.6);
      assertThat(files).extracting(f -> f.path() + "=" + f.bytes()).containsExactly(
          "a/b/c/d/one.bin=115", "a/b/two.bin=111", "e/three.bin=111", "four.bin=108");
      assertThat(files).allSatisfy(f -> assertThat(f.modified()).isEqualTo(
          Files.getLastModifiedTime(root.resolve("export/run/" + f.path())).toInstant().truncatedTo(
              java.time.temporal.ChronoUnit.SECONDS)));
    }
  }

  /** The store with the duration of each call of {@code method} recorded, in round trips. */
  private static CheckpointStore timing(CheckpointStore store, String method, List<Double> durations) {
    return (CheckpointStore) Proxy.newProxyInstance(CheckpointStore.class.getClassLoader(),
        new Class<?>[] {CheckpointStore.class}, (proxy, m, args) -> {
          long start = System.nanoTime();
          try {
            return m.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if (m.getName().equals(method)) {
              durations.add(roundTripsSince(start));
            }
          }
        });
  }

  @Test
  void thePushesFirstWritesDoNotMakeTheirDirectoriesLevelByLevel(@TempDir Path localRoot) throws Exception {
    for (String f : List.of("a/deep/er/x.bin", "a/deep/er/y.bin", "b/z.bin", "c/d/e/w.bin")) {
      randomFile(localRoot.resolve("active/run/" + f), 1000, f.hashCode());
    }
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.seal(local, "run", "step-1", Clock.systemUTC());
    Path remoteRoot = Files.createTempDirectory(host.root(), "push").resolve("fresh/store");
    List<Double> appends = new CopyOnWriteArrayList<>();
    try (SshConnection connection = connect();
        CheckpointStore remote = SftpCheckpoints.store(connection, remoteRoot.toString())) {
      remote.exists("x"); // the channel is open: what is counted is the directories and the writes
      CheckpointSync.builder().build().push(local, timing(remote, "append", appends), "run");

      assertThat(remoteRoot.resolve("export/run/c/d/e/w.bin")).hasSize(1000);
      // Before: each first write stats and makes export/.partial/run/... one level at a time (a stat and a mkdir
      // for each of up to 8 levels, the fresh root included): 12-22 round trips. Now the directories are made in
      // one pipelined batch before the writes, and a write's open costs 1 round trip plus its channel's open.
      assertThat(appends).hasSize(5).allSatisfy(rt -> assertThat(rt).isLessThan(5.5));
    }
  }

  @Test
  void directoriesAreMadeOnceInOneRoundTripAndMadeAgainWhenTheyVanish() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "mkdirs").resolve("not/yet");
    try (SshConnection connection = connect();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      store.exists("x");
      List<String> dirs = List.of("export/.partial/run/a/b/c", "export/.partial/run/a/d", "export/.partial/run/e");
      long start = System.nanoTime();
      store.makeDirectories(dirs);
      assertThat(roundTripsSince(start)).as("round trips of the first batch").isLessThan(1.8);
      for (String d : dirs) {
        assertThat(root.resolve(d)).isDirectory();
      }
      start = System.nanoTime();
      store.makeDirectories(dirs);
      assertThat(roundTripsSince(start)).as("known directories are not asked again").isLessThan(0.5);
      SftpOverLongLinkTest.upload(store, "export/.partial/run/a/b/c/f.tmp", 1);

      Files.delete(root.resolve("export/.partial/run/a/b/c/f.tmp"));
      Files.delete(root.resolve("export/.partial/run/a/b/c"));
      Files.delete(root.resolve("export/.partial/run/a/b"));
      SftpOverLongLinkTest.upload(store, "export/.partial/run/a/b/c/g.tmp", 2);
      assertThat(root.resolve("export/.partial/run/a/b/c/g.tmp")).hasBinaryContent(new byte[] {2});
    }
  }

  @Test
  void concurrentWritersIntoOneNewDirectoryMakeItOnce() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "race");
    try (SshConnection connection = connect();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      store.exists("x");
      made.clear();
      List<Thread> writers = new java.util.ArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 6; i++) {
        int n = i;
        Thread writer = new Thread(() -> {
          try {
            SftpOverLongLinkTest.upload(store, "run/shard/deep/f" + n + ".tmp", n);
          } catch (Throwable t) {
            failures.add(t);
          }
        });
        writer.start();
        writers.add(writer);
      }
      for (Thread t : writers) {
        t.join();
      }
      assertThat(failures).isEmpty();
      for (int i = 0; i < 6; i++) {
        assertThat(root.resolve("run/shard/deep/f" + i + ".tmp")).hasBinaryContent(new byte[] {(byte) i});
      }
      assertThat(made).as("directories the server was asked to make, and how often").containsKeys(
          root.resolve("run"), root.resolve("run/shard"), root.resolve("run/shard/deep"))
          .allSatisfy((d, count) -> assertThat(count).as("%s asked to be made", d).isEqualTo(1));
    }
  }
}
