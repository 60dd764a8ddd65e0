package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.checkpoint.internal.Sha256;
import dev.remotegpu.core.checkpoint.internal.StagingNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSyncTest {
  @TempDir Path remoteRoot;
  @TempDir Path localRoot;

  static Map<String, byte[]> bundleFiles(Random rnd, int scale) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("cell-a/best.pth", Bundles.random(rnd, 120 * scale));
    files.put("cell-a/best_metrics.json", "{\"epoch\": 3}".getBytes());
    files.put("cell-b/best.pth", Bundles.random(rnd, 90 * scale));
    files.put("cell-b/opt/state.bin", Bundles.random(rnd, 50 * scale));
    return files;
  }

  static long keptBytes(Path stagingDir) throws IOException {
    if (!Files.exists(stagingDir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(stagingDir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void assertMatchesManifest(Path bundle, CheckpointManifest m) throws IOException {
    for (ManifestFile f : m.files()) {
      assertThat(Sha256.of(bundle.resolve(f.path()))).as(f.path()).isEqualTo(f.sha256());
    }
    assertThat(bundle.resolve(PullVerified.FILE_NAME)).exists();
  }

  @Test
  void pullPublishesAVerifiedBundleAndResyncSendsNothing() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "step-100", bundleFiles(new Random(1), 1024), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    List<String> events = new ArrayList<>();
    List<SyncProgress> progress = new ArrayList<>();
    SyncListener recorder = new SyncListener() {
      @Override
      public void started(String id, long files, long bytes) {
        events.add("started " + id + " " + files);
      }

      @Override
      public void fileFinished(String path, long bytes) {
        events.add("finished " + path);
      }

      @Override
      public void fileSkipped(String path, long bytes) {
        events.add("skipped " + path);
      }

      @Override
      public void progress(SyncProgress p) {
        progress.add(p);
      }

      @Override
      public void finished(SyncResult result) {
        events.add("published " + result.checkpointId());
      }
    };
    CheckpointSync sync = CheckpointSync.builder().listener(recorder).concurrency(1).build();

    SyncResult first = sync.pull(remote, local, "step-100");

    assertThat(first.bytesSent()).isEqualTo(m.totalBytes());
    assertThat(first.filesSent()).isEqualTo(4);
    assertThat(first.verified()).isPresent();
    assertThat(local.latest()).contains("step-100");
    assertThat(localRoot.resolve("export/step-100/" + CheckpointManifest.FILE_NAME))
        .hasSameBinaryContentAs(remoteRoot.resolve("export/step-100/" + CheckpointManifest.FILE_NAME));
    assertMatchesManifest(localRoot.resolve("export/step-100"), m);
    assertThat(localRoot.resolve("export/.partial/step-100")).doesNotExist();
    assertThat(events).startsWith("started step-100 4").endsWith("published step-100")
        .contains("finished cell-b/opt/state.bin");
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).bytesDone()).isEqualTo(m.totalBytes());
    assertThat(progress).allSatisfy(p -> assertThat(p.bytesPerSecond()).isGreaterThanOrEqualTo(0));

    SyncResult again = sync.pull(remote, local, "step-100");
    assertThat(again.upToDate()).isTrue();
    assertThat(again.bytesSent()).isZero();
  }

  @Test
  void noHashingThreadOutlivesAPullThatFinishedOrWasCut() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "step-7", bundleFiles(new Random(7), 4096), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync sync = CheckpointSync.builder().concurrency(2).build();

    assertThatThrownBy(() -> sync.pull(new FlakyStore(remote, m.totalBytes() / 2), local, "step-7"))
        .isInstanceOf(CheckpointTransferException.class);
    assertThat(SyncWorkersTest.hashersAfter("step-7", 5_000)).as("after the cut pull").isEmpty();
    sync.pull(remote, local, "step-7");
    assertThat(SyncWorkersTest.hashersAfter("step-7", 5_000)).as("after the pull that finished").isEmpty();
    assertMatchesManifest(localRoot.resolve("export/step-7"), m);
  }

  @Test
  void unchangedFilesInAnInterruptedStagingAreNotSentAgain() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", bundleFiles(new Random(2), 512), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    long firstFile = m.files().get(0).bytes();
    FlakyStore cutAfterFirstFile = new FlakyStore(remote, firstFile + 10);

    assertThatThrownBy(() -> CheckpointSync.builder().concurrency(1).build().pull(cutAfterFirstFile, local, "s1"))
        .isInstanceOf(CheckpointTransferException.class).hasMessageContaining("run the same pull again")
        .satisfies(e -> assertThat(((CheckpointTransferException) e).retryable()).isTrue());
    assertThat(local.latest()).isEmpty();

    SyncResult resumed = CheckpointSync.builder().concurrency(1).build().pull(remote, local, "s1");
    assertThat(resumed.filesSkipped()).isEqualTo(1);
    assertThat(resumed.bytesResumed()).isEqualTo(10);
    assertThat(resumed.bytesSent()).isEqualTo(m.totalBytes() - firstFile - 10);
    assertMatchesManifest(localRoot.resolve("export/s1"), m);
  }

  @Test
  void aCorruptKeptPrefixIsDetectedAndTheFileRestarts() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s2", bundleFiles(new Random(3), 256), 1_000);
    String first = m.files().get(0).path();
    Path tmp = localRoot.resolve("export/.partial/s2/" + StagingNames.partialOf(first));
    Files.createDirectories(tmp.getParent());
    Files.write(tmp, new byte[1000]);

    SyncResult r = CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot),
        LocalCheckpointStore.at(localRoot), "s2");

    assertThat(r.bytesResumed()).isZero();
    // The rest of the first file was sent once on top of the bad prefix, then the whole file again.
    assertThat(r.bytesSent()).isEqualTo(m.totalBytes() + m.files().get(0).bytes() - 1000);
    assertMatchesManifest(localRoot.resolve("export/s2"), m);
  }

  @Test
  void aVerifierRejectionLeavesNothingPublished() throws Exception {
    Bundles.sealed(remoteRoot, "s3", bundleFiles(new Random(4), 8), 1_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync sync = CheckpointSync.builder()
        .verifier(file -> Verifier.Verdict.reject("torch.load failed")).build();

    assertThatThrownBy(() -> sync.pull(LocalCheckpointStore.at(remoteRoot), local, "s3"))
        .isInstanceOf(CheckpointVerificationException.class).hasMessageContaining("torch.load failed");
    assertThat(local.latest()).isEmpty();
    assertThat(localRoot.resolve("export/.partial/s3/" + PullVerified.FILE_NAME)).doesNotExist();
  }

  @Test
  void aSourceThatNoLongerMatchesItsManifestIsRefused() throws Exception {
    Bundles.sealed(remoteRoot, "s4", bundleFiles(new Random(5), 8), 1_000);
    byte[] tampered = Files.readAllBytes(remoteRoot.resolve("export/s4/cell-b/best.pth"));
    tampered[0] ^= 1;
    Files.write(remoteRoot.resolve("export/s4/cell-b/best.pth"), tampered);

    assertThatThrownBy(() -> CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot),
        LocalCheckpointStore.at(localRoot), "s4"))
        .isInstanceOf(CheckpointVerificationException.class).hasMessageContaining("sha256 mismatch for cell-b/best.pth");
    assertThat(LocalCheckpointStore.at(localRoot).latest()).isEmpty();
  }

  @Test
  void aSourceFileThatGrowsDuringThePullIsRefusedAndItsPartialBytesAreNotKept() throws Exception {
    Bundles.sealed(remoteRoot, "s5", bundleFiles(new Random(8), 8), 1_000);
    Path growing = remoteRoot.resolve("export/s5/cell-b/best.pth");
    SyncListener appendsWhenTheCopyStarts = new SyncListener() {
      @Override
      public void fileStarted(String path, long offset, long bytes) {
        if (path.equals("cell-b/best.pth")) {
          try {
            Files.write(growing, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
    };

    assertThatThrownBy(() -> CheckpointSync.builder().concurrency(1).listener(appendsWhenTheCopyStarts).build()
        .pull(LocalCheckpointStore.at(remoteRoot), LocalCheckpointStore.at(localRoot), "s5"))
        .isInstanceOf(CheckpointVerificationException.class)
        .hasMessageContaining("cell-b/best.pth at the source now holds more than");
    assertThat(localRoot.resolve("export/.partial/s5/" + StagingNames.partialOf("cell-b/best.pth"))).doesNotExist();
    assertThat(LocalCheckpointStore.at(localRoot).latest()).isEmpty();
  }

  @Test
  void pushSendsABundleAndLatestIsTheNewestManifest() throws Exception {
    Bundles.sealed(localRoot, "old", bundleFiles(new Random(6), 4), 1_000);
    Bundles.sealed(localRoot, "new", bundleFiles(new Random(7), 4), 2_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    assertThat(local.list()).containsExactly("old", "new");

    SyncResult pushed = CheckpointSync.builder().build().push(local, remote, "new");
    assertThat(pushed.verified()).isEmpty();
    assertThat(remote.latest()).contains("new");
    CheckpointSync.builder().build().push(local, remote, "old");
    assertThat(remote.list()).containsExactly("old", "new");
    assertThat(remote.latest()).contains("new");
  }

  @Test
  void aRunWithASymlinkIsRefusedAndLeftWhereTheJobWroteIt() throws Exception {
    Bundles.write(remoteRoot, "bad", Map.of("cell-a/best.pth", new byte[] {1}));
    Files.createSymbolicLink(remoteRoot.resolve("active/bad/cell-a/link"), Path.of("/etc/hostname"));

    assertThatThrownBy(() -> CheckpointSync.seal(LocalCheckpointStore.at(remoteRoot), "bad", "r",
        Bundles.clockAt(0))).hasMessageContaining("symlink");
    assertThat(remoteRoot.resolve("active/bad/cell-a/best.pth")).exists();
    assertThat(remoteRoot.resolve("quarantine")).doesNotExist();
    assertThat(remoteRoot.resolve("export/bad")).doesNotExist();
    assertThat(LocalCheckpointStore.at(remoteRoot).latest()).isEmpty();
  }

  @Test
  void aSealCutWhileHashingStaysInPartialAndTheNextSealResumesInsteadOfQuarantining() throws Exception {
    Map<String, byte[]> files = bundleFiles(new Random(9), 8);
    Bundles.write(remoteRoot, "cut", files);
    CheckpointStore store = LocalCheckpointStore.at(remoteRoot);

    assertThatThrownBy(() -> CheckpointSync.seal(new FlakyStore(store, 500), "cut", "r", Bundles.clockAt(0)))
        .isInstanceOf(CheckpointTransferException.class)
        .hasMessageContaining("stays in export/.partial/cut");
    assertThat(remoteRoot.resolve("quarantine/cut")).doesNotExist();
    assertThat(remoteRoot.resolve("export/.partial/cut/cell-a/best.pth")).exists();

    CheckpointManifest sealed = CheckpointSync.seal(store, "cut", "r", Bundles.clockAt(0));
    assertThat(sealed.totalFiles()).isEqualTo(files.size());
    assertThat(store.latest()).contains("cut");
  }

  @Test
  void hundredPullsCutAtRandomOffsetsAllResumeToIntactBundles() throws Exception {
    Random rnd = new Random(20261128L);
    int pulls = 100;
    List<CheckpointManifest> manifests = new ArrayList<>();
    for (int i = 0; i < pulls; i++) {
      manifests.add(Bundles.sealed(remoteRoot, String.format("step-%04d", i), bundleFiles(rnd, 1024), 1_000 + i));
    }
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync sync = CheckpointSync.builder().concurrency(2).build();
    int corrupt = 0;
    int halfWrittenLatest = 0;
    int cuts = 0;
    for (int i = 0; i < pulls; i++) {
      String id = String.format("step-%04d", i);
      CheckpointManifest m = manifests.get(i);
      String previousLatest = i == 0 ? null : String.format("step-%04d", i - 1);
      SyncResult done = null;
      for (int attempt = 0; done == null; attempt++) {
        long cutAt = 1 + (long) (rnd.nextDouble() * (m.totalBytes() - 1));
        long keptBefore = keptBytes(localRoot.resolve("export/.partial/" + id));
        try {
          done = sync.pull(attempt < 3 ? new FlakyStore(remote, cutAt) : remote, local, id);
          assertThat(done.bytesSent()).isEqualTo(m.totalBytes() - keptBefore);
        } catch (CheckpointTransferException expected) {
          cuts++;
          String latest = local.latest().orElse(null);
          if (!java.util.Objects.equals(latest, previousLatest)) {
            halfWrittenLatest++;
          }
          assertThat(keptBytes(localRoot.resolve("export/.partial/" + id))).isGreaterThanOrEqualTo(keptBefore);
        }
      }
      try {
        assertMatchesManifest(localRoot.resolve("export/" + id), m);
      } catch (AssertionError e) {
        corrupt++;
      }
      assertThat(local.latest()).contains(id);
    }
    assertThat(cuts).isGreaterThanOrEqualTo(pulls);
    assertThat(corrupt).isZero();
    assertThat(halfWrittenLatest).isZero();
  }

  // ---- issue 8: a resume never trusts what it did not hash ----

  @Test
  void aStagedFileCorruptedWithTheSameSizeAndTimeIsSentAgainNotPublished() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", bundleFiles(new Random(2), 512), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    long firstFile = m.files().get(0).bytes();
    assertThatThrownBy(() -> CheckpointSync.builder().concurrency(1).build()
        .pull(new FlakyStore(remote, firstFile + 10), local, "s1")).isInstanceOf(CheckpointTransferException.class);
    Path staged = localRoot.resolve("export/.partial/s1/" + m.files().get(0).path());
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(staged);
    byte[] corrupt = Files.readAllBytes(staged);
    corrupt[7] ^= 1;
    Files.write(staged, corrupt);
    Files.setLastModifiedTime(staged, time);

    SyncResult resumed = CheckpointSync.builder().concurrency(1).build().pull(remote, local, "s1");

    assertThat(resumed.filesSkipped()).isZero();
    assertMatchesManifest(localRoot.resolve("export/s1"), m);
  }

  @Test
  void aRemoteResealedUnderTheSameIdIsPulledAgainAndTheOldCopyIsSetAside() throws Exception {
    Map<String, byte[]> first = bundleFiles(new Random(3), 4);
    Bundles.sealed(remoteRoot, "s1", first, 1_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1");
    // The remote is sealed again under the same id: same sizes, same second, other bytes.
    Path remoteDir = remoteRoot.resolve("export/s1");
    try (Stream<Path> walk = Files.walk(remoteDir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    CheckpointManifest second = Bundles.sealed(remoteRoot, "s1", bundleFiles(new Random(4), 4), 1_000);

    SyncResult again = CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1");

    assertThat(again.upToDate()).isFalse();
    assertThat(again.verified()).isPresent();
    assertMatchesManifest(localRoot.resolve("export/s1"), second);
    try (Stream<Path> aside = Files.list(localRoot.resolve("superseded"))) {
      assertThat(aside.filter(Files::isDirectory).map(p -> p.getFileName().toString())).singleElement()
          .satisfies(name -> assertThat(name).startsWith("s1-"));
    }
  }

  @Test
  void anExistingLocalBundleIsReHashedAndReVerifiedBeforeItIsReportedVerified() throws Exception {
    Bundles.sealed(remoteRoot, "s1", bundleFiles(new Random(5), 4), 1_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1");

    assertThatThrownBy(() -> CheckpointSync.builder().verifier(f -> Verifier.Verdict.reject("does not load"))
        .build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1"))
        .isInstanceOf(CheckpointVerificationException.class).hasMessageContaining("does not load");
  }

  @Test
  void anEmptyBundleIsNeitherSealedNorVerified() throws Exception {
    Files.createDirectories(remoteRoot.resolve("active/empty/cell-a"));

    assertThatThrownBy(() -> CheckpointSync.seal(LocalCheckpointStore.at(remoteRoot), "empty", "r",
        Bundles.clockAt(0))).hasMessageContaining("no files");
    assertThat(remoteRoot.resolve("active/empty/cell-a")).isDirectory();
    assertThat(remoteRoot.resolve("quarantine")).doesNotExist();
  }

  @Test
  void anUnsafeNameIsRefusedWithoutMovingTheRunToQuarantine() throws Exception {
    Bundles.write(remoteRoot, "named", Map.of("cell-a/best.pth", new byte[] {1}, "bad name/x.bin", new byte[] {2}));

    assertThatThrownBy(() -> CheckpointSync.seal(LocalCheckpointStore.at(remoteRoot), "named", "r",
        Bundles.clockAt(0))).hasMessageContaining("bad name");
    assertThat(remoteRoot.resolve("active/named/cell-a/best.pth")).exists();
    assertThat(remoteRoot.resolve("quarantine")).doesNotExist();
  }

  @Test
  void aLocalBundleCorruptedWithTheSameSizeAndTimeIsNotReportedVerifiedByAReSync() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", bundleFiles(new Random(6), 4), 1_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1");
    Path file = localRoot.resolve("export/s1/" + m.files().get(0).path());
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(file);
    byte[] corrupt = Files.readAllBytes(file);
    corrupt[3] ^= 1;
    Files.write(file, corrupt);
    Files.setLastModifiedTime(file, time);

    SyncResult again = CheckpointSync.builder().build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1");

    assertThat(again.upToDate()).isFalse();
    assertMatchesManifest(localRoot.resolve("export/s1"), m);
  }

  @Test
  void anExpectedRosterRefusesAMissingCellOrFileAndLeavesTheRunInActive() throws Exception {
    Bundles.write(remoteRoot, "r1", Map.of("cell-a/best.pth", new byte[] {1}, "cell-a/best_metrics.json",
        "{}".getBytes(), "cell-b/best.pth", new byte[] {2}));
    CheckpointStore store = LocalCheckpointStore.at(remoteRoot);

    assertThatThrownBy(() -> CheckpointSync.seal(store, "r1", "r", Bundles.clockAt(0),
        ExpectedRoster.of(List.of("cell-a", "cell-b", "cell-c"), "best.pth", "best_metrics.json")))
        .hasMessageContaining("expected cell missing: cell-c")
        .hasMessageContaining("cell cell-b lacks its required best_metrics.json");
    assertThat(remoteRoot.resolve("active/r1/cell-b/best.pth")).exists();

    Files.writeString(remoteRoot.resolve("active/r1/cell-b/best_metrics.json"), "{}");
    CheckpointManifest sealed = CheckpointSync.seal(store, "r1", "r", Bundles.clockAt(0),
        ExpectedRoster.of(List.of("cell-a", "cell-b"), "best.pth", "best_metrics.json"));
    assertThat(sealed.topLevelDirs()).containsExactly("cell-a", "cell-b");
  }
}
