package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.AccountView;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.checkpoint.internal.Sha256;
import dev.remotegpu.core.checkpoint.internal.StagingNames;
import dev.remotegpu.core.teardown.DurableFile;
import dev.remotegpu.core.teardown.DurableInventory;
import dev.remotegpu.core.teardown.VerificationEvidence;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the checkpoint sync guarantees (manifest + SHA-256, incremental, resumable, atomically published,
 * verified by load) through the public API and the platform-neutral engine, with local stores standing for the
 * machine (a {@link LocalCheckpointStore} on a temp dir) and for the host. Every test below FAILS on the code it was
 * written against (attack-sync at d3cfc7c) and asserts the guaranteed behaviour, so it passes once the flaw is fixed.
 * The SFTP-only attack (FINDING 8) is {@code SftpCheckpointStoreTest.aPushDoesNotReportUpToDate...} in ssh.
 *
 * <p>Taken (all eight pass now): the old bundle is set aside only right before the new one is published; the
 * verifier's files are stamped before and after it runs and hashed again when changed; a failed re-verification
 * rewrites the sidecar as not verified by load; leftover partials are discarded before the publish; partials are
 * named {@code .rgpu-<digest>.tmp} ({@code StagingNames}); the local store refuses a link below its root; a push reads
 * back a remote published bundle before calling it up to date.
 *
 * <h2>HELD (tried, the guarantee held)</h2>
 *
 * <ul>
 *   <li>Manifest paths with {@code ..}, a leading {@code /}, a backslash, a NUL, an empty or {@code .} segment: refused
 *       by {@code ManifestFile}/{@code PathRules.checkRelativePath} when the manifest is parsed, before anything is
 *       written; every local write also goes through {@code LocalStoreImpl.resolve}, which applies the same rule.</li>
 *   <li>A symlink planted in the local staging directory ({@code export/.partial/<id>} itself, or a cell directory or
 *       file inside it) or in place of the published {@code export/<id>}: the staging listing
 *       ({@code LocalTree.list}, no link following) refuses it before any byte is written, appends and offset writes
 *       open with {@code NOFOLLOW_LINKS}, and {@code move} refuses an existing target directory (link included). A
 *       link one level higher, at {@code export/.partial} itself, is NOT refused: FINDING 7.</li>
 *   <li>A symlink on the remote side inside {@code export/<id>} (file or directory on the way): refused by the SFTP
 *       store's LSTAT batch (existing test {@code aPullRefusesASymlinkPlantedInThePublishedBundle...}); a remote link
 *       would in any case only be read, and every byte read is checked against the manifest's SHA-256.</li>
 *   <li>A file vs directory clash in a hostile manifest ({@code c/a} and {@code c/a/b}): refused before any transfer
 *       ("manifest file missing at the source: c/a": the source listing sees a directory); nothing written
 *       locally.</li>
 *   <li>Names that differ only by case or by Unicode normalisation ({@code A.pt}/{@code a.pt}, NFC/NFD
 *       {@code é}): both land distinctly on this case-sensitive, non-normalising ext4; on a case-insensitive file
 *       system the second rename replaces the first and the roster check then finds a name missing, so it fails
 *       closed (reasoned from the code, not testable here).</li>
 *   <li>A stale or foreign partial {@code <file>.tmp} in staging (other bytes, longer than the file, a garbage or
 *       mismatched {@code .ranges.tmp} record), a staged file corrupted with the same size and mtime, a remote file
 *       that grew or changed between the cut and the resume: the kept prefix is re-hashed, the whole file is hashed
 *       against the manifest before its rename, a mismatch restarts once from byte 0, growth past the manifest size
 *       is refused; never published.</li>
 *   <li>A local published bundle corrupted with the same size and mtime (written and mtime set back): the sidecar
 *       stamp includes the ctime and inode, so the re-sync re-hashes and sets it aside. Racing a same-size write into
 *       the same clock tick as the stamp (the "racy git" problem) did not work either: on this kernel (6.18, ext4
 *       multigrain timestamps) a ctime that was read by the stamp's stat is always bumped by the next write (0 of 200
 *       tries kept the ctime); on kernels before 6.13 a write within the same jiffy would keep the stamp.</li>
 *   <li>Iron Law evidence from a bundle of another run (run_id differs), from a bundle that no longer re-hashes, with
 *       a {@code PULL_VERIFIED.json} naming another manifest, or from Verifier.NONE: refused by
 *       {@code VerificationEvidence}; an OLDER verified bundle while the machine holds a newer checkpoint: refused by
 *       the inventory's content coverage; a PULL_VERIFIED.json of a cut pull: never written (verification runs only
 *       after the roster check, in staging, before the atomic rename).</li>
 *   <li>A crash between the PULL_VERIFIED.json write and the publish rename, or between the publish and the sidecar
 *       write: the bundle is either unpublished (resumed next time) or published without a sidecar, which counts as
 *       NOT verified by load (conservative) until the next pull re-verifies it.</li>
 *   <li>A hostile manifest that orders {@code c/a.tmp} before {@code c/a}, one file at a time: {@code a}'s bytes are
 *       appended to the user's {@code a.tmp} and renamed, the roster finds {@code a.tmp} missing and {@code a} 8 bytes
 *       long, and it is refused on every retry (no wrong bytes published; see FINDING 5 for the liveness side).</li>
 * </ul>
 */
class SyncAttackTest {
  @TempDir Path remoteRoot;
  @TempDir Path localRoot;
  @TempDir Path outside;

  static Map<String, byte[]> files(long seed, int kib) {
    Random rnd = new Random(seed);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("cell-a/best.pth", Bundles.random(rnd, kib * 1024));
    files.put("cell-a/best_metrics.json", "{\"epoch\": 3}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    files.put("cell-b/best.pth", Bundles.random(rnd, kib * 700));
    return files;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The manifest files whose bytes on disk under {@code bundle} do not hash to the manifest. */
  static List<String> mismatches(Path bundle, CheckpointManifest m) throws IOException {
    List<String> bad = new ArrayList<>();
    for (ManifestFile f : m.files()) {
      Path p = bundle.resolve(f.path());
      if (!Files.isRegularFile(p) || !Sha256.of(p).equals(f.sha256())) {
        bad.add(f.path());
      }
    }
    return bad;
  }

  static Set<String> regularFilesUnder(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    if (!Files.exists(dir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
    }
    return out;
  }

  static final Verifier LOADS = file -> Verifier.Verdict.accept();

  /**
   * FINDING 1 — a failed or cut re-pull of an id the remote sealed again un-publishes the host's verified copy.
   *
   * <p>Mechanism: {@code SyncEngine.alreadyPublished} (SyncEngine.java:218-222) calls {@code setAside} as soon as the
   * remote's manifest differs from the local published one, i.e. BEFORE a single byte of the new bundle has arrived
   * or been verified: {@code export/<id>} is renamed to {@code superseded/<id>-<millis>} and the new bundle is then
   * received into {@code export/.partial/<id>}. For the whole transfer (hours for a big bundle) a reader of the local
   * directory finds no published {@code <id>} at all, and when the transfer is cut, the host crashes, or the new
   * bundle does not verify (a buggy or hostile machine re-sealed it with bytes that do not match), the previous
   * verified checkpoint stays unpublished: {@code list()}/{@code latest()} no longer show it and the Iron Law's
   * evidence (which reads only {@code export/}) no longer sees it.
   *
   * <p>Impact: breaks "a crash mid-publish leaves the previous verified checkpoint intact" (as the published one); a
   * resume on the host picks an older checkpoint or none. Fix: leave {@code export/<id>} in place while the new bundle
   * is received and verified in staging, and swap only at publish time (rename the old one aside immediately before
   * the atomic rename of the new one, or rename-exchange), so a failure at any earlier point changes nothing.
   */
  @Test
  void aCutRePullOfAnIdResealedOnTheMachineLeavesThePreviousVerifiedBundlePublished() throws Exception {
    CheckpointManifest first = Bundles.sealed(remoteRoot, "s1", files(1, 64), 1_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.builder().verifier(LOADS).build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1");
    assertThat(local.list()).containsExactly("s1");

    // The machine seals s1 again (a buggy re-seal, or a hostile machine): other bytes under the same id.
    deleteTree(remoteRoot.resolve("export/s1"));
    Bundles.sealed(remoteRoot, "s1", files(2, 64), 1_001);
    // The re-pull is cut after a few KiB (a dropped link, or the host crashing).
    assertThatThrownBy(() -> CheckpointSync.builder().verifier(LOADS).build()
        .pull(new FlakyStore(LocalCheckpointStore.at(remoteRoot), 4096), local, "s1"))
        .isInstanceOf(CheckpointTransferException.class);

    assertThat(local.list()).as("the previously verified s1 must still be the published one after a cut re-pull")
        .containsExactly("s1");
    assertThat(mismatches(localRoot.resolve("export/s1"), first)).isEmpty();
    assertThat(localRoot.resolve("export/s1/" + PullVerified.FILE_NAME)).isRegularFile();
  }

  /**
   * FINDING 2 — PULL_VERIFIED.json is written for bytes that are not the manifest's, and the sidecar stamps then
   * launder them so every later re-sync reports the bundle verified without hashing it.
   *
   * <p>Mechanism: a fresh pull hashes each file only while it streams in ({@code SyncEngine.copy}); then
   * {@code verifyStaged} (SyncEngine.java:618-633) runs the verify-by-load hook on the staged files and writes
   * PULL_VERIFIED.json without re-reading them, and after the publish the sidecar records each file's stamp
   * (SyncEngine.java:201-204) as if it were the stamp "right after it was hashed" (VerificationSidecar javadoc). A
   * hook that writes into the file it loads (an HDF5/h5py file opened in append mode, a loader that migrates the
   * checkpoint in place, a bug) changes the bytes after the hash; the pull returns {@code verified()} present, and the
   * stamps taken after the change make {@code alreadyPublished} skip the hash on every later pull
   * ({@code Verification.hashProblems}, Verification.java:44), so the re-sync is reported verified too.
   * {@code Verification.verifyFromDisk} has the same order (hash, then load, then stamp).
   *
   * <p>Impact: "marked verified only when every byte on disk locally matches the manifest" does not hold; the host
   * resumes from bytes that are not the sealed checkpoint. (The Iron Law's recheck always re-hashes and would refuse.)
   * Fix: take each file's stamp before the hook runs and compare it after (or re-hash after the hook, or hand the hook
   * a read-only view), and record in the sidecar only stamps taken right after the hash that covered them.
   */
  @Test
  void aVerifyHookThatWritesIntoTheFileItLoadsDoesNotYieldAVerifiedPullOfOtherBytes() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", files(3, 16), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    Verifier rewritesWhileLoading = new Verifier() {
      @Override
      public Verdict verify(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
          raf.seek(10);
          int b = raf.read();
          raf.seek(10);
          raf.write(b ^ 0xff); // same size, one byte changed: what an in-place "migration" or append-mode open does
        } catch (IOException e) {
          return Verdict.reject(e.toString());
        }
        return Verdict.accept();
      }

      @Override
      public boolean appliesTo(String path) {
        return path.endsWith(".pth");
      }
    };

    SyncResult pulled;
    try {
      pulled = CheckpointSync.builder().verifier(rewritesWhileLoading).build().pull(remote, local, "s1");
    } catch (CheckpointVerificationException refused) {
      assertThat(refused).hasMessageContaining("the verifier changed cell-a/best.pth while loading it");
      pulled = null; // refusing the pull is the fix
    }
    if (pulled != null && pulled.verified().isPresent()) {
      assertThat(mismatches(localRoot.resolve("export/s1"), m))
          .as("a pull reported verified must have every byte on disk matching the manifest").isEmpty();
    }
    // An honest re-sync must hash again and not report the changed bytes verified.
    SyncResult again = CheckpointSync.builder().verifier(LOADS).build().pull(remote, local, "s1");
    if (again.verified().isPresent()) {
      assertThat(mismatches(localRoot.resolve("export/s1"), m))
          .as("a re-sync reported verified must have every byte on disk matching the manifest").isEmpty();
    }
  }

  /**
   * FINDING 3 — a re-pull whose verify-by-load REJECTS the bundle leaves the old PULL_VERIFIED.json and the sidecar's
   * {@code verified_by_load: true} in place, and the Iron Law accepts them as evidence.
   *
   * <p>Mechanism: {@code SyncEngine.alreadyPublished} (SyncEngine.java:238-244) re-runs
   * {@code Verification.verifyFromDisk}, which throws {@link CheckpointVerificationException} when the hook rejects
   * (Verification.java:195-197) without touching the bundle's earlier PULL_VERIFIED.json or
   * {@code export/<id>.remotegpu.json}; the pull fails ("nothing is recorded as verified then", RemoteRun.pull
   * javadoc), but {@code VerificationEvidence.collect} re-hashes the files (they match), reads the old record and the
   * old sidecar, and counts the bundle as verified by load.
   *
   * <p>Impact: "a pull that did NOT verify" is accepted as Iron Law evidence: the newest verification said the
   * checkpoint does not load (a stricter loader, a new library version, a hook that now catches a corrupt tensor) and
   * the destroy is still allowed. Fix: when a re-verification fails, withdraw the evidence before throwing (remove or
   * rename PULL_VERIFIED.json, or rewrite the sidecar with {@code verified_by_load: false}, or set the bundle aside).
   */
  @Test
  void aRePullWhoseVerifierRejectsIsNotIronLawEvidence() throws Exception {
    Bundles.sealed(remoteRoot, "s1", files(4, 16), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.builder().verifier(LOADS).build().pull(remote, local, "s1");
    assertThatThrownBy(() -> CheckpointSync.builder()
        .verifier(file -> Verifier.Verdict.reject("tensor shape mismatch: does not load")).build()
        .pull(remote, local, "s1")).isInstanceOf(CheckpointVerificationException.class);

    VerificationEvidence evidence = VerificationEvidence.collect(new OneMachine(), OneMachine.ID, "run-s1",
        localRoot, inventoryOf(remoteRoot), true, Bundles.clockAt(2_000));

    assertThat(evidence.verifiedByLoad())
        .as("the last verification by load rejected s1: its older record must not count as verified by load")
        .isFalse();
    assertThat(evidence.refusal(OneMachine.KEY, Optional.of(OneMachine.ID)))
        .as("the Iron Law must refuse a destroy on a bundle whose last verification by load failed").isPresent();
  }

  /**
   * FINDING 4 — a resumed pull publishes a stale partial file that is not in the manifest it verified.
   *
   * <p>Mechanism: a cut pull leaves {@code export/.partial/<id>/<file>.tmp}. When the machine's bundle under that id
   * no longer lists {@code <file>} at the resume (sealed again after the cut, a buggy or hostile machine), nothing
   * discards the SDK's own stale temporary: the roster check ignores every {@code *.tmp} it does not expect
   * ({@code Verification.rosterProblems}, Verification.java:127) and {@code SyncEngine.runChecked} then renames the
   * whole staging directory, leftover included, to {@code export/<id>} with a PULL_VERIFIED.json
   * (SyncEngine.java:188-199).
   *
   * <p>Impact: "a resumed pull never publishes bytes other than the remote's sealed content": the verified bundle
   * holds a half-received file of an earlier bundle (code that loads every file of a cell, or globs
   * {@code *.pth*}, reads it). Fix: before publishing, discard every SDK temporary in staging ({@code <f>.tmp},
   * {@code <f>.ranges.tmp}) whose file the current manifest does not list as a user {@code *.tmp} file, or refuse.
   */
  @Test
  void aResumedPullDoesNotPublishAStalePartialOfAFileTheManifestNoLongerLists() throws Exception {
    Map<String, byte[]> before = new LinkedHashMap<>();
    before.put("cell-a/a.bin", Bundles.random(new Random(5), 1024));
    before.put("cell-a/old.pth", Bundles.random(new Random(6), 300 * 1024));
    Bundles.sealed(remoteRoot, "s1", before, 1_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    assertThatThrownBy(() -> CheckpointSync.builder().concurrency(1).verifier(LOADS).build()
        .pull(new FlakyStore(LocalCheckpointStore.at(remoteRoot), 1024 + 5000), local, "s1"))
        .isInstanceOf(CheckpointTransferException.class);
    assertThat(localRoot.resolve("export/.partial/s1/" + StagingNames.partialOf("cell-a/old.pth"))).isRegularFile();

    deleteTree(remoteRoot.resolve("export/s1"));
    Map<String, byte[]> after = new LinkedHashMap<>();
    after.put("cell-a/a.bin", before.get("cell-a/a.bin"));
    after.put("cell-a/new.pth", Bundles.random(new Random(7), 2048));
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", after, 1_001);

    SyncResult resumed = CheckpointSync.builder().verifier(LOADS).build()
        .pull(LocalCheckpointStore.at(remoteRoot), local, "s1");

    assertThat(resumed.verified()).isPresent();
    Set<String> expected = new TreeSet<>(List.of(CheckpointManifest.FILE_NAME, PullVerified.FILE_NAME));
    m.files().forEach(f -> expected.add(f.path()));
    assertThat(regularFilesUnder(localRoot.resolve("export/s1")))
        .as("the published bundle must hold exactly the manifest's files and the two records")
        .containsExactlyElementsOf(expected);
  }

  /**
   * FINDING 5 — a bundle holding both {@code x} and the user's {@code x.tmp} (which the README says is "sealed and
   * pulled like any other") can never be pulled: the SDK's temporary name for {@code x} IS the user's file.
   *
   * <p>Mechanism: {@code SyncEngine.transferOne} (SyncEngine.java:353-354, 366) receives {@code x} into
   * {@code <staging>/x.tmp} and renames it to {@code x}, and treats a staged {@code x.tmp} as the partial of
   * {@code x}; the user's {@code x.tmp} is received into {@code x.tmp.tmp} and renamed to {@code x.tmp}. With two
   * files in flight (the default) the small {@code x.tmp} lands first (always when {@code x} is slower to arrive, as
   * over any real link; 18 of 20 pulls even on loopback without the delay this test adds), {@code x}'s writer keeps
   * writing into the unlinked inode and its rename then moves the USER's {@code x.tmp} onto {@code x}: the roster
   * finds {@code x} with the wrong size and {@code x.tmp} missing. Every resume races the same way. Only the roster
   * check stops wrong bytes from being published; the pull fails forever, so the Iron Law never gets evidence and the
   * machine keeps billing. (Only {@code <f>.ranges} was guarded against, SyncEngine.java:437-439.)
   *
   * <p>Fix: receive into a name that cannot be a bundle path (a reserved prefix or a separate temporary directory
   * in staging, e.g. {@code .remotegpu-tmp/<f>}), or refuse at seal time a bundle with both {@code f} and
   * {@code f.tmp}.
   */
  @Test
  void aBundleWithAFileAndTheUsersDotTmpBesideItIsPulledIntact() throws Exception {
    Map<String, byte[]> content = new LinkedHashMap<>();
    content.put("cell-a/model.pt", Bundles.random(new Random(8), 4 << 20));
    content.put("cell-a/model.pt.tmp", "user's own scratch file".getBytes());
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", content, 1_000);
    // A real link: the 4 MiB file takes longer to arrive than the 23-byte one (here its first byte comes 300 ms late).
    CheckpointStore remote = new FlakyStore(LocalCheckpointStore.at(remoteRoot), Long.MAX_VALUE) {
      @Override
      public java.io.InputStream open(String path, long offset) throws IOException {
        if (path.endsWith("/model.pt")) {
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
        }
        return super.open(path, offset);
      }
    };
    CheckpointStore local = LocalCheckpointStore.at(localRoot);

    SyncResult pulled = null;
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < 3 && pulled == null; attempt++) { // "run the same pull again to resume"
      try {
        pulled = CheckpointSync.builder().verifier(LOADS).build().pull(remote, local, "s1");
      } catch (CheckpointTransferException | CheckpointVerificationException e) {
        failures.add(e.getMessage());
      }
    }

    assertThat(pulled).as("three pulls of a bundle the SDK sealed itself failed: %s", failures).isNotNull();
    assertThat(pulled.verified()).isPresent();
    assertThat(mismatches(localRoot.resolve("export/s1"), m)).isEmpty();
  }

  /**
   * FINDING 6 — a file whose name is legal on the machine but within 4 bytes of NAME_MAX (252..255 bytes) can never
   * be pulled, and each failure is reported as a retryable cut ("run the same pull again to resume").
   *
   * <p>Mechanism: the engine receives every file into {@code <name>.tmp} (SyncEngine.java:354), 4 bytes longer than
   * the name the machine could create and seal; the local open fails with ENAMETOOLONG, which {@code transferOne}
   * wraps as {@code cut(...)} (SyncEngine.java:407-411), a {@link CheckpointTransferException}. Every resume fails the
   * same way: the pull is "resumable" forever, never verified, and the Iron Law refuses every destroy.
   *
   * <p>Fix: receive into a short temporary name (for example a hash of the path under a temporary directory in
   * staging), or refuse such a name at seal time naming the file; at the very least report it as a non-retryable
   * {@link CheckpointVerificationException}/validation error instead of a cut.
   */
  @Test
  void aFileNameNearNameMaxIsPulledOrRefusedAsNotRetryable() throws Exception {
    String longName = "x".repeat(250) + ".pt"; // 253 bytes: legal on ext4 (255), its ".tmp" is not
    Map<String, byte[]> content = new LinkedHashMap<>();
    content.put("cell-a/" + longName, Bundles.random(new Random(9), 4096));
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", content, 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);

    List<Throwable> cuts = new ArrayList<>();
    SyncResult pulled = null;
    for (int attempt = 0; attempt < 3 && pulled == null; attempt++) {
      try {
        pulled = CheckpointSync.builder().verifier(LOADS).build().pull(remote, local, "s1");
      } catch (CheckpointTransferException e) {
        cuts.add(e); // the SDK says: run the same pull again to resume
      } catch (RuntimeException e) {
        return; // refused as not retryable, naming the problem: acceptable
      }
    }
    assertThat(pulled).as("every pull was a 'retryable cut': %s", cuts.isEmpty() ? "" : cuts.get(0).getMessage())
        .isNotNull();
    assertThat(mismatches(localRoot.resolve("export/s1"), m)).isEmpty();
  }

  /**
   * FINDING 7 — a symlink already inside the local target at {@code export/.partial} redirects every byte a pull
   * receives to a directory outside the target, and a cut pull leaves them there.
   *
   * <p>Mechanism: {@code LocalStoreImpl} refuses links only where it looks: the last path component
   * ({@code NOFOLLOW_LINKS} on open/append) and anything under the listed staging root ({@code LocalTree.list}). The
   * staging root {@code export/.partial/<id>} is resolved with {@code root.resolve(path)} and opened through the OS,
   * which follows a link at {@code export/.partial} (or {@code export}, {@code superseded}); {@code LocalTree.list}
   * of {@code export/.partial/<id>} then sees a real directory and refuses nothing (LocalStoreImpl.java:38-44, 94-100;
   * LocalTree.java:29-32). The comment at LocalStoreImpl.java:97 promises "a link planted in a staging directory must
   * not redirect a pull's bytes elsewhere".
   *
   * <p>Impact: "nothing a pull writes lands outside the local target directory" does not hold; the remote chooses the
   * names written under the link's target ({@code <id>/<path>.tmp}, then renamed to {@code <id>/<path>}, a file
   * target replaced), and the publish then moves that directory into {@code export/}. Fix: open the local root once
   * and resolve every component without following links (check each ancestor of a written path under the root with
   * {@code NOFOLLOW_LINKS}, or use a {@code SecureDirectoryStream}/openat walk), refusing a link anywhere under the
   * root.
   */
  @Test
  void aSymlinkAtTheLocalStagingRootDoesNotRedirectAPullsBytesOutsideTheTarget() throws Exception {
    Bundles.sealed(remoteRoot, "s1", files(10, 16), 1_000);
    Files.createDirectories(localRoot.resolve("export"));
    Files.createSymbolicLink(localRoot.resolve("export/.partial"), outside);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);

    try {
      CheckpointSync.builder().concurrency(1).verifier(LOADS).build()
          .pull(new FlakyStore(LocalCheckpointStore.at(remoteRoot), 20_000), local, "s1");
    } catch (RuntimeException refusedOrCut) {
      // a refusal is the fix; a cut is what leaves the bytes outside
    }

    assertThat(regularFilesUnder(outside)).as("bytes received by the pull, written outside " + localRoot).isEmpty();
  }

  static DurableInventory inventoryOf(Path machineRoot) {
    return () -> {
      List<DurableFile> out = new ArrayList<>();
      for (String root : List.of("active", "export", "quarantine")) {
        Path dir = machineRoot.resolve(root);
        if (!Files.exists(dir)) {
          continue;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
            out.add(DurableFile.hashed(machineRoot.relativize(p).toString(), Files.size(p), Sha256.of(p)));
          }
        }
      }
      return out;
    };
  }

  /** One READY machine on one account, never powered on again. */
  static final class OneMachine implements AccountView {
    static final String ID = "m-1";
    static final String KEY = "account-1";

    @Override
    public String accountKey() {
      return KEY;
    }

    @Override
    public Machine machine(String id) {
      return (Machine) Proxy.newProxyInstance(Machine.class.getClassLoader(), new Class<?>[] {Machine.class},
          (proxy, method, args) -> switch (method.getName()) {
            case "id" -> id;
            case "state" -> MachineState.READY;
            case "rawState" -> "ready";
            case "toString" -> "machine " + id;
            default -> throw new UnsupportedOperationException(method.getName());
          });
    }

    @Override
    public Optional<Instant> lastPoweredOn(String machineId) {
      return Optional.empty();
    }
  }
}
