package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.checkpoint.internal.StagingNames;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One big file moved as pieces over several streams: byte-exact, hashed, resumed piece by piece. */
class RangedSyncTest {
  private static final int PIECE = 64 * 1024;
  private static final int BIG = 16 * PIECE + 1234; // 17 pieces, the last one short
  private static final String BIG_PATH = "cell-a/weights.bin";
  @TempDir Path remoteRoot;
  @TempDir Path localRoot;

  private Map<String, byte[]> files;

  private CheckpointManifest sealed(Path root) throws Exception {
    files = new LinkedHashMap<>();
    files.put(BIG_PATH, Bundles.random(new Random(5), BIG));
    files.put("cell-a/metrics.json", "{\"epoch\": 3}".getBytes(StandardCharsets.UTF_8));
    return Bundles.sealed(root, "s1", files, 1_000);
  }

  private static CheckpointSync ranged() {
    return CheckpointSync.builder().streamsPerFile(4).pieceBytes(PIECE).build();
  }

  private void assertPublishedExactly(Path root) throws Exception {
    Path bundle = root.resolve("export/s1");
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      assertThat(bundle.resolve(e.getKey())).as(e.getKey()).hasBinaryContent(e.getValue());
    }
    try (Stream<Path> all = Files.walk(bundle)) {
      assertThat(all.map(Path::toString).filter(p -> p.endsWith(".tmp"))).as("temporary files published").isEmpty();
    }
    assertThat(root.resolve("export/.partial/s1")).doesNotExist();
  }

  /** The partial the big file is received into in staging. */
  private Path partial(Path root) {
    return root.resolve("export/.partial/s1/" + StagingNames.partialOf(BIG_PATH));
  }

  /** The resume record of the big file's ranged transfer in staging. */
  private Path record(Path root) {
    return root.resolve("export/.partial/s1/" + StagingNames.recordOf(BIG_PATH));
  }

  @Test
  void theLocalStoreWritesAtAnOffsetWithoutTruncatingAndReadsABoundedRange() throws Exception {
    CheckpointStore store = LocalCheckpointStore.at(localRoot);
    CheckpointStore.OffsetWrites writes = store.offsetWrites().orElseThrow();
    try (OutputStream out = writes.writeAt("export/.partial/x/a/f.tmp", 6)) {
      out.write("world".getBytes(StandardCharsets.US_ASCII));
    }
    try (OutputStream out = writes.writeAt("export/.partial/x/a/f.tmp", 0)) {
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
    }
    Path file = localRoot.resolve("export/.partial/x/a/f.tmp");
    assertThat(file).hasBinaryContent("hello\0world".getBytes(StandardCharsets.US_ASCII));
    try (InputStream in = store.open("export/.partial/x/a/f.tmp", 3, 5)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("lo\0wo");
    }
    try (InputStream in = store.open("export/.partial/x/a/f.tmp", 8, 100)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("rld");
    }
    Files.createSymbolicLink(localRoot.resolve("export/.partial/x/a/link.tmp"), file);
    assertThatThrownBy(() -> writes.writeAt("export/.partial/x/a/link.tmp", 0)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void aBigFileIsWrittenAsPiecesBySeveralStreamsAndArrivesByteExact() throws Exception {
    CheckpointManifest m = sealed(localRoot);
    java.util.concurrent.CountDownLatch twoWriters = new java.util.concurrent.CountDownLatch(2);
    FlakyStore remote = new FlakyStore(LocalCheckpointStore.at(remoteRoot), Long.MAX_VALUE) {
      @Override
      OutputStream writeAt(OffsetWrites writes, String path, long offset) throws java.io.IOException {
        OutputStream out = super.writeAt(writes, path, offset);
        twoWriters.countDown();
        try {
          // Pieces written one after the other never meet here: then this waits in vain and the count says 1.
          twoWriters.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return out;
      }
    };

    SyncResult pushed = ranged().push(LocalCheckpointStore.at(localRoot), remote, "s1");

    assertThat(pushed.bytesSent()).isEqualTo(m.totalBytes());
    assertThat(remote.writesAt.get()).isEqualTo(17);
    assertThat(remote.mostWritersAtOnce.get()).isGreaterThan(1);
    assertPublishedExactly(remoteRoot);
  }

  @Test
  void withoutRangesAFileMovesAsOneStream() throws Exception {
    sealed(localRoot);
    FlakyStore remote = new FlakyStore(LocalCheckpointStore.at(remoteRoot), Long.MAX_VALUE);

    // The default: both stores prefer one stream per file, so nothing is written at an offset.
    CheckpointSync.builder().pieceBytes(PIECE).build().push(LocalCheckpointStore.at(localRoot), remote, "s1");

    assertThat(remote.writesAt.get()).isZero();
    assertPublishedExactly(remoteRoot);
  }

  @Test
  void aStoreThatCannotWriteAtOffsetsIsNeverAskedTo() throws Exception {
    sealed(remoteRoot);
    CheckpointStore appendOnly = new FlakyStore(LocalCheckpointStore.at(localRoot), Long.MAX_VALUE) {
      @Override
      public java.util.Optional<OffsetWrites> offsetWrites() {
        return java.util.Optional.empty();
      }
    };

    SyncResult pulled = ranged().pull(LocalCheckpointStore.at(remoteRoot), appendOnly, "s1");

    assertThat(pulled.bytesSent()).isEqualTo(BIG + files.get("cell-a/metrics.json").length);
    assertPublishedExactly(localRoot);
  }

  @Test
  void severalBigFilesInFlightShareOneCapOnStreamsInsteadOfMultiplyingIt() throws Exception {
    // The attack: 6 big files, 3 in flight, 4 streams each would run 12 writers at once (each with its buffer and
    // its channel's requests: at 80 ms a tree of big files would run 9 x 10 = 90), where the sync asked for 4.
    files = new LinkedHashMap<>();
    Random rnd = new Random(11);
    for (int i = 0; i < 6; i++) {
      files.put("cell-" + i + "/weights.bin", Bundles.random(rnd, BIG));
    }
    Bundles.sealed(localRoot, "s1", files, 1_000);
    FlakyStore remote = new FlakyStore(LocalCheckpointStore.at(remoteRoot), Long.MAX_VALUE) {
      @Override
      OutputStream writeAt(OffsetWrites writes, String path, long offset) throws java.io.IOException {
        OutputStream out = super.writeAt(writes, path, offset);
        return new java.io.FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws java.io.IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws java.io.IOException {
            try {
              Thread.sleep(15); // a piece's last acknowledgements: writers overlap as on a real link
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.close();
          }
        };
      }
    };

    SyncResult pushed = CheckpointSync.builder().concurrency(3).streamsPerFile(4).pieceBytes(PIECE).build()
        .push(LocalCheckpointStore.at(localRoot), remote, "s1");

    assertThat(pushed.bytesSent()).isEqualTo(6L * BIG);
    assertThat(remote.writesAt.get()).as("every file moved as pieces").isEqualTo(6 * 17);
    assertThat(remote.mostWritersAtOnce.get()).as("writers at once").isBetween(3, 4);
    assertPublishedExactly(remoteRoot);
  }

  @Test
  void aCutRangedPullResendsOnlyThePiecesNotYetWritten() throws Exception {
    CheckpointManifest m = sealed(remoteRoot);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);

    // The drop comes in whichever read crosses the budget: a piece of the big file or the small file beside it.
    assertThatThrownBy(() -> ranged().pull(new FlakyStore(remote, BIG / 2), local, "s1"))
        .isInstanceOf(CheckpointTransferException.class).hasMessageContaining("was cut at cell-a/");
    assertThat(record(localRoot)).exists();

    SyncResult resumed = ranged().pull(remote, local, "s1");

    assertThat(resumed.bytesResumed()).isGreaterThan(0);
    // The small file may have been placed before the cut (then it is skipped, neither sent nor resumed).
    assertThat(resumed.bytesSent()).isLessThan(BIG).isLessThanOrEqualTo(m.totalBytes() - resumed.bytesResumed());
    assertThat(resumed.verified()).isPresent();
    assertPublishedExactly(localRoot);
  }

  @Test
  void aCutRangedPushResendsOnlyThePiecesNotYetWritten() throws Exception {
    CheckpointManifest m = sealed(localRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    FlakyStore remote = new FlakyStore(LocalCheckpointStore.at(remoteRoot), Long.MAX_VALUE);

    assertThatThrownBy(() -> ranged().push(new FlakyStore(local, BIG / 2), remote, "s1"))
        .isInstanceOf(CheckpointTransferException.class);
    SyncResult resumed = ranged().push(local, remote, "s1");

    assertThat(resumed.bytesResumed()).isGreaterThan(0);
    // The small file may have been placed before the cut (then it is skipped, neither sent nor resumed).
    assertThat(resumed.bytesSent()).isLessThan(BIG).isLessThanOrEqualTo(m.totalBytes() - resumed.bytesResumed());
    assertPublishedExactly(remoteRoot);
  }

  @Test
  void aKeptPieceCorruptedBeforeTheResumeIsCaughtByTheHashAndTheFileStartsAgain() throws Exception {
    sealed(localRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    FlakyStore remote = new FlakyStore(LocalCheckpointStore.at(remoteRoot), Long.MAX_VALUE);
    assertThatThrownBy(() -> ranged().push(new FlakyStore(local, BIG / 2), remote, "s1"))
        .isInstanceOf(CheckpointTransferException.class);
    Path tmp = partial(remoteRoot);
    try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
      f.seek(10); // inside piece 0, which the record says was written
      f.write(~files.get(BIG_PATH)[10]);
    }

    SyncResult resumed = ranged().push(local, remote, "s1");

    // Nothing of the big file counts as kept (the small one may have been cut after its last byte).
    assertThat(resumed.bytesResumed()).isLessThanOrEqualTo(files.get("cell-a/metrics.json").length);
    assertThat(resumed.bytesSent()).isGreaterThanOrEqualTo(BIG);
    assertPublishedExactly(remoteRoot);
  }

  @Test
  void aGarbageOrMismatchedRecordIsIgnored() throws Exception {
    CheckpointManifest m = sealed(remoteRoot);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    Path record = record(localRoot);
    for (String lie : List.of("garbage\n0\n1\n", "remotegpu-ranges/v1 " + BIG + " " + (2 * PIECE) + " "
        + m.files().get(1).sha256() + "\n0\n1\n2\n3\n")) {
      assertThatThrownBy(() -> ranged().pull(new FlakyStore(remote, BIG / 2), local, "s1"))
          .isInstanceOf(CheckpointTransferException.class);
      Files.writeString(record, lie);
      // Every piece is zeros now: a record trusted for any of them could only end in a restart.
      Files.write(partial(localRoot), new byte[BIG]);

      SyncResult resumed = ranged().pull(remote, local, "s1");

      assertThat(resumed.bytesResumed()).as(lie).isLessThanOrEqualTo(files.get("cell-a/metrics.json").length);
      assertThat(resumed.bytesSent()).as(lie).isBetween((long) BIG, m.totalBytes());
      assertPublishedExactly(localRoot);
      Files.walk(localRoot.resolve("export/s1")).sorted(java.util.Comparator.reverseOrder())
          .forEach(p -> p.toFile().delete());
      Files.deleteIfExists(localRoot.resolve("export/s1.remotegpu.json"));
    }
  }

  @Test
  void aSingleStreamResumeOfARangedFileStartsItAgainInsteadOfTrustingItsHoles() throws Exception {
    CheckpointManifest m = sealed(remoteRoot);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    assertThatThrownBy(() -> ranged().pull(new FlakyStore(remote, BIG / 2), local, "s1"))
        .isInstanceOf(CheckpointTransferException.class);

    SyncResult resumed = CheckpointSync.builder().streamsPerFile(1).build().pull(remote, local, "s1");

    assertThat(resumed.bytesSent()).isBetween((long) BIG, m.totalBytes());
    assertPublishedExactly(localRoot);
  }

  @Test
  void aFileCutAsRangesResumesAsRangesWhenTheStoresNoLongerAskForThem() throws Exception {
    sealed(remoteRoot);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    assertThatThrownBy(() -> ranged().pull(new FlakyStore(remote, BIG / 2), local, "s1"))
        .isInstanceOf(CheckpointTransferException.class);

    // Both local stores prefer one stream: only the kept record says this file moves as ranges.
    SyncResult resumed = CheckpointSync.builder().pieceBytes(PIECE).build().pull(remote, local, "s1");

    assertThat(resumed.bytesResumed()).isPositive();
    assertThat(resumed.bytesSent()).isLessThan(BIG);
    assertPublishedExactly(localRoot);
  }

  @Test
  void theKnobsRefuseValuesOutsideTheirRange() {
    assertThatThrownBy(() -> CheckpointSync.builder().streamsPerFile(17)).hasMessageContaining("0..16");
    assertThatThrownBy(() -> CheckpointSync.builder().streamsPerFile(-1)).hasMessageContaining("0..16");
    assertThatThrownBy(() -> CheckpointSync.builder().pieceBytes(1000)).hasMessageContaining("64 KiB");
  }

  @Test
  void aSourceThatNoLongerMatchesItsManifestFailsNamingTheFile() throws Exception {
    sealed(remoteRoot);
    byte[] changed = Arrays.copyOf(files.get(BIG_PATH), BIG);
    changed[BIG - 1] ^= 1;
    Files.write(remoteRoot.resolve("export/s1/" + BIG_PATH), changed);

    assertThatThrownBy(() -> ranged().pull(LocalCheckpointStore.at(remoteRoot), LocalCheckpointStore.at(localRoot),
        "s1")).isInstanceOf(CheckpointVerificationException.class).hasMessageContaining(BIG_PATH);
    assertThat(partial(localRoot)).doesNotExist();
    assertThat(record(localRoot)).doesNotExist();
  }
}
