package dev.remotegpu.ssh.internal.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.internal.StagingNames;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.testfixtures.net.EmulatedLink;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SFTP transfers through {@link EmulatedLink} at a small round trip, against the embedded MINA server (which
 * answers at most 63 KiB of a 255 KiB read). Time bounds are in round trips, with several times the margin
 * a busy 2-core machine needs.
 */
class SftpOverLongLinkTest {
  private static final Duration RTT = Duration.ofMillis(200);
  static EmbeddedSshHost host;
  static EmulatedLink link;
  @TempDir static Path keys;

  @BeforeAll
  static void start() {
    host = EmbeddedSshHost.start();
    link = EmulatedLink.start(host.port(), RTT, 200_000_000);
  }

  @AfterAll
  static void stop() {
    link.close();
    host.close();
  }

  static SshConnection connectThroughLink() throws Exception {
    return connectThrough(host, link, keys);
  }

  /** A connection to {@code host} through {@code link}, its known_hosts written in {@code dir}. */
  static SshConnection connectThrough(EmbeddedSshHost host, EmulatedLink link, Path dir) throws Exception {
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts,
        host.knownHostsLine().replace("]:" + host.port() + " ", "]:" + link.port() + " ") + "\n");
    SshConfig config = SshConfig.builder(new SshEndpoint("127.0.0.1", link.port(), host.user()))
        .privateKey(host.clientKeyPair()).knownHosts(knownHosts).build();
    return SshConnector.connect(config);
  }

  static byte[] randomFile(Path file, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return bytes;
  }

  @Test
  void aServerThatAnswersShortCostsOneRoundTripNotSeveralPerReadInFlight() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "short");
    byte[] expected = randomFile(root.resolve("weights.bin"), 1 << 20, 7);
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      store.exists("weights.bin"); // opens and tunes the channel outside the timed read
      long start = System.nanoTime();
      byte[] got;
      try (InputStream in = store.open("weights.bin", 0)) {
        got = in.readAllBytes();
      }
      double roundTrips = (System.nanoTime() - start) / (double) RTT.toNanos();

      assertThat(got).isEqualTo(expected);
      // 5 reads of 255 KiB in flight, each answered 63 KiB: learning the limit read by read costs 4 round trips
      // per read (about 20); learning it once costs the open and 2 round trips, plus the CPU time of 1 MiB.
      assertThat(roundTrips).isLessThan(10);
    }
  }

  @Test
  void aReadFromAnOffsetDeliversExactlyTheRestAcrossTheServersLimit() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "offset");
    int size = 3 * SftpCheckpointStore.IO_SIZE + 12345;
    byte[] expected = randomFile(root.resolve("f.bin"), size, 11);
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      for (long offset : new long[] {0, 64_511, SftpCheckpointStore.IO_SIZE + 3, size - 1, size}) {
        try (InputStream in = store.open("f.bin", offset)) {
          assertThat(in.readAllBytes()).as("from offset %d", offset)
              .isEqualTo(java.util.Arrays.copyOfRange(expected, (int) offset, size));
        }
      }
    }
  }

  @Test
  void aRangeReadDeliversExactlyItsBytesAcrossTheServersLimit() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "range");
    int size = 3 * SftpCheckpointStore.IO_SIZE + 12345;
    byte[] expected = randomFile(root.resolve("f.bin"), size, 12);
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      long[][] ranges = {{0, 1}, {0, SftpCheckpointStore.IO_SIZE}, {64_511, SftpCheckpointStore.IO_SIZE + 7},
          {SftpCheckpointStore.IO_SIZE + 3, 2L * SftpCheckpointStore.IO_SIZE}, {size - 5, 100}, {size, 10}, {7, 0}};
      for (long[] r : ranges) {
        try (InputStream in = store.open("f.bin", r[0], r[1])) {
          int end = (int) Math.min(size, r[0] + r[1]);
          assertThat(in.readAllBytes()).as("%d bytes from %d", r[1], r[0])
              .isEqualTo(java.util.Arrays.copyOfRange(expected, (int) r[0], end));
        }
      }
    }
  }

  @Test
  void aRangeReadAsksTheServerForNothingPastItsEnd() throws Exception {
    // The attack: a range read that keeps the channel's whole read budget in flight, as a read to the end of
    // the file does, would fetch megabytes past a short range (at 200 ms the budget is many reads deep), and
    // each piece of a ranged pull would then move its neighbours' bytes too.
    Path root = Files.createTempDirectory(host.root(), "range-end");
    int size = 16 * SftpCheckpointStore.IO_SIZE;
    byte[] expected = randomFile(root.resolve("f.bin"), size, 13);
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      store.exists("f.bin"); // the channel and its measurement, before counting
      long before = link.bytesFromTarget();
      try (InputStream in = store.open("f.bin", SftpCheckpointStore.IO_SIZE + 5, 1000)) {
        assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(expected,
            SftpCheckpointStore.IO_SIZE + 5, SftpCheckpointStore.IO_SIZE + 1005));
      }
      store.exists("f.bin"); // one more round trip: whatever the server sent for the range has arrived
      assertThat(link.bytesFromTarget() - before)
          .as("bytes the server sent for a 1000-byte range (one more read would be 63 KiB)")
          .isLessThan(16 * 1024);
    }
  }

  @Test
  void aPushSpreadsItsFilesOverSeveralChannelsAndArrivesByteExact(@TempDir Path localRoot) throws Exception {
    Path remoteRoot = Files.createTempDirectory(host.root(), "push");
    byte[][] contents = new byte[4][];
    for (int i = 0; i < contents.length; i++) {
      contents[i] = randomFile(localRoot.resolve("active/run/part" + i + ".bin"), 1 << 20, 20 + i);
    }
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.seal(local, "run", "step-1", Clock.systemUTC());
    try (SshConnection connection = connectThroughLink();
        CheckpointStore remote = SftpCheckpoints.store(connection, remoteRoot.toString())) {
      SyncResult pushed = CheckpointSync.builder().build().push(local, remote, "run");

      assertThat(pushed.bytesSent()).isEqualTo(4L << 20);
      for (int i = 0; i < contents.length; i++) {
        assertThat(remoteRoot.resolve("export/run/part" + i + ".bin")).hasBinaryContent(contents[i]);
      }
      // The server grants 2 MiB per channel: at 200 ms one channel moves 10 MB/s whatever the link.
      WriteChannels channels = ((SftpCheckpointStore) remote).writeChannels();
      assertThat(channels.maxChannels()).isGreaterThan(1);
      assertThat(channels.openChannels()).isGreaterThan(1);
    }
  }

  @Test
  void aPushOfOneBigFileSpreadsItsPiecesOverSeveralChannelsAndArrivesByteExact(@TempDir Path localRoot)
      throws Exception {
    Path remoteRoot = Files.createTempDirectory(host.root(), "ranged");
    byte[] weights = randomFile(localRoot.resolve("active/run/weights.bin"), 4 << 20, 30);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.seal(local, "run", "step-1", Clock.systemUTC());
    try (SshConnection connection = connectThroughLink();
        CheckpointStore remote = SftpCheckpoints.store(connection, remoteRoot.toString())) {
      // The stream count is the store's: as many as its uploads spread over on this link.
      SyncResult pushed = CheckpointSync.builder().pieceBytes(512 * 1024).build().push(local, remote, "run");

      assertThat(pushed.bytesSent()).isEqualTo(4L << 20);
      assertThat(remoteRoot.resolve("export/run/weights.bin")).hasBinaryContent(weights);
      assertThat(remoteRoot.resolve("export/run/" + StagingNames.recordOf("weights.bin"))).doesNotExist();
      // One file written as one stream uses one channel, capped at 2 MiB per round trip whatever the link.
      assertThat(remote.writeStreamsPerFile()).isGreaterThan(1);
      assertThat(((SftpCheckpointStore) remote).writeChannels().openChannels()).isGreaterThan(1);
    }
  }

  /** Uploads {@code bytes} to {@code path} through the store (appending to what is there). */
  static void upload(CheckpointStore store, String path, int... bytes) throws Exception {
    try (java.io.OutputStream out = store.append(path)) {
      for (int b : bytes) {
        out.write(b);
      }
    }
  }

  @Test
  void listingATreeCostsRoundTripsPerLevelNotFourPerDirectory() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "listing");
    for (int d = 0; d < 4; d++) {
      for (int f = 0; f < 3; f++) {
        randomFile(root.resolve("run/shard" + d + "/f" + f + ".bin"), 10, d * 10 + f);
      }
    }
    randomFile(root.resolve("run/PULL_MANIFEST.json"), 10, 99);
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      store.exists("run"); // opens and tunes the channel outside the timed listing
      long start = System.nanoTime();
      var files = store.files("run");
      double roundTrips = (System.nanoTime() - start) / (double) RTT.toNanos();

      assertThat(files).hasSize(13);
      assertThat(files.get(0).path()).isEqualTo("PULL_MANIFEST.json");
      assertThat(files.get(12).path()).isEqualTo("shard3/f2.bin");
      // 5 directories one after the other, each opened, read twice (the second read says end) and closed: 20
      // round trips. Two levels, reads pipelined, siblings at once and closes not awaited: 2 per level.
      assertThat(roundTrips).isLessThan(8);
    }
  }

  @Test
  void closingAReadFileDoesNotWaitForTheServer() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "close");
    byte[] expected = randomFile(root.resolve("small.bin"), 1000, 5);
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      store.exists("small.bin");
      for (int i = 0; i < 3; i++) {
        InputStream in = store.open("small.bin", 0);
        assertThat(in.readAllBytes()).isEqualTo(expected);
        long start = System.nanoTime();
        in.close();
        assertThat((System.nanoTime() - start) / (double) RTT.toNanos()).as("round trips of close %d", i)
            .isLessThan(0.5);
      }
    }
  }

  @Test
  void publishingAnUploadedFileIntoAKnownDirectoryCostsOneRoundTrip() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "publish");
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      for (int i = 0; i < 3; i++) {
        try (java.io.OutputStream out = store.append("run/part" + i + ".tmp")) {
          out.write(new byte[] {(byte) i});
        }
      }
      store.move("run/part0.tmp", "run/part0.bin"); // the first move may learn that run/ exists
      for (int i = 1; i < 3; i++) {
        long start = System.nanoTime();
        store.move("run/part" + i + ".tmp", "run/part" + i + ".bin");
        double roundTrips = (System.nanoTime() - start) / (double) RTT.toNanos();
        // stat of the parent, lstat of source and target, rename: 4 round trips; a rename into a directory
        // already seen, to a free name, needs only the rename.
        assertThat(roundTrips).as("round trips of move %d", i).isLessThan(1.6);
        assertThat(root.resolve("run/part" + i + ".bin")).hasBinaryContent(new byte[] {(byte) i});
        assertThat(root.resolve("run/part" + i + ".tmp")).doesNotExist();
      }
      // A taken name is still replaced (a file inside the private staging directory), a directory still refused.
      upload(store, "run/again.tmp", 7);
      store.move("run/again.tmp", "run/part1.bin");
      assertThat(root.resolve("run/part1.bin")).hasBinaryContent(new byte[] {7});
      Files.createDirectories(root.resolve("run/dir"));
      upload(store, "run/third.tmp", 8);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.move("run/third.tmp", "run/dir"))
          .hasMessageContaining("already exists");
    }
  }

  @Test
  void aDirectoryRemovedBehindTheStoresBackIsCreatedAgain() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "gone");
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      upload(store, "run/a.tmp", 1);
      Files.delete(root.resolve("run/a.tmp"));
      Files.delete(root.resolve("run"));
      upload(store, "run/b.tmp", 2);
      store.move("run/b.tmp", "done/b.bin");
      Files.delete(root.resolve("done/b.bin"));
      Files.delete(root.resolve("done"));
      upload(store, "run/c.tmp", 3);
      store.move("run/c.tmp", "done/c.bin");
      assertThat(root.resolve("done/c.bin")).hasBinaryContent(new byte[] {3});
    }
  }

  @Test
  void openingAFileToAppendAsksItsSizeInTheSameRoundTrip() throws Exception {
    Path root = Files.createTempDirectory(host.root(), "append");
    try (SshConnection connection = connectThroughLink();
        CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
      try (java.io.OutputStream out = store.append("run/first.tmp")) {
        out.write(new byte[] {1, 2, 3}); // the directory is now known, the channel open
      }
      long start = System.nanoTime();
      java.io.OutputStream out = store.append("run/first.tmp");
      double roundTrips = (System.nanoTime() - start) / (double) RTT.toNanos();
      try (out) {
        out.write(4); // resumes after the 3 bytes already there
      }
      // open, then fstat of the handle: 2 round trips; a stat by path sent with the open: 1.
      assertThat(roundTrips).isLessThan(1.6);
      assertThat(root.resolve("run/first.tmp")).hasBinaryContent(new byte[] {1, 2, 3, 4});
      upload(store, "run/second.tmp", 9);
      assertThat(root.resolve("run/second.tmp")).hasBinaryContent(new byte[] {9});
    }
  }
}
