package dev.remotegpu.core.checkpoint;

import static dev.remotegpu.core.checkpoint.SyncAttackTest.LOADS;
import static dev.remotegpu.core.checkpoint.SyncAttackTest.deleteTree;
import static dev.remotegpu.core.checkpoint.SyncAttackTest.files;
import static dev.remotegpu.core.checkpoint.SyncAttackTest.inventoryOf;
import static dev.remotegpu.core.checkpoint.SyncAttackTest.mismatches;
import static dev.remotegpu.core.checkpoint.SyncAttackTest.regularFilesUnder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.teardown.VerificationEvidence;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second round of attacks on the checkpoint sync guarantees, against 8eaa742 (which closed the eight attacks of
 * {@link SyncAttackTest}). Every test below FAILS on that code and asserts the guaranteed behaviour, so it passes once
 * the flaw is fixed. Local stores only ({@link LocalCheckpointStore} on temp dirs stand for the machine and the host).
 *
 * <p>Taken (all nine pass now): any failed {@code verifyFromDisk} (the public {@code CheckpointSync.verify} included,
 * and whatever the verifier throws short of a virtual machine error) rewrites a by-load sidecar as not by load; the
 * hook's effect is checked on every manifest file, and files it creates in the bundle are removed; a local target is
 * locked per bundle for the whole sync ({@code TargetLock}); a NONE re-pull onto a target without local paths is up
 * to date; the sidecar and PULL_VERIFIED.json are written through a new, uniquely named temporary file
 * ({@code AtomicFiles}); a failed publish puts the set-aside bundle back; a finished staged file the manifest no
 * longer lists is moved to {@code superseded/<id>-staged-<millis>/}. Checkpoint ids may no longer start with '.'.
 *
 * <h2>HELD (tried, the guarantee held)</h2>
 *
 * <p>Run (in a scratch test, not kept):
 *
 * <ul>
 *   <li>A re-pull of a re-sealed id whose new bundle the verifier rejects, three times in a row: after each, the old
 *       verified bundle is still the published one and {@code superseded/} does not exist (the set-aside happens only
 *       right before the publish); the fourth, accepted pull supersedes it exactly once (one directory in
 *       {@code superseded/}).</li>
 *   <li>A verify-by-load hook that flips a byte of the file it loads and restores it and its mtime: the ctime in the
 *       stamp moves, the file is hashed again and matches, the pull is (correctly) verified with every byte on disk
 *       matching. A hook that leaves a loaded file changed is refused (the first review's FINDING 2 test passes).</li>
 *   <li>A hook that throws a {@code RuntimeException} on a re-sync: counted as a rejection, the pull throws
 *       {@link CheckpointVerificationException} and the sidecar is rewritten with verified_by_load=false. (An
 *       {@code Error} is not: FINDING 5.)</li>
 * </ul>
 *
 * <p>Reasoned from the code (not run):
 *
 * <ul>
 *   <li>A crash (process killed) between the set-aside and the publish while the machine still serves the bundle: the
 *       staging directory is complete, so the next pull re-hashes the staged files, skips them and publishes. Nothing
 *       repairs it when the machine no longer answers, and an exception there is not rolled back: FINDING 7.</li>
 *   <li>A hostile manifest listing a user file named like another file's partial ({@code .rgpu-<digest>.tmp} of
 *       {@code a.pt}), 0 bytes or not: the user file is renamed to the partial's name, {@code a.pt}'s bytes are
 *       appended after it (or the name vanishes under it), and the roster (size mismatch / missing file) refuses; no
 *       wrong bytes are published (liveness against a hostile machine is not a guarantee). A listed user {@code *.tmp}
 *       file is kept by {@code withoutLeftovers}; an unlisted {@code *.tmp} in any staging directory is discarded.</li>
 *   <li>A symlink as the LAST component of a path the engine moves, discards or lists: {@code move} renames the link
 *       itself, {@code discardTemporary} deletes the link, {@code LocalTree.list} of a directory that is itself a link
 *       refuses it (the start is visited without following links), {@code VerificationEvidence} skips a linked
 *       {@code export/<id>}; a link inside a published bundle is refused by the re-sync's listing before anything is
 *       written into the bundle. The fresh pull's sidecar goes through {@code StoreListing.writeAtomically}, which
 *       discards (unlinks) a planted {@code .tmp} first; the re-sync's does not: FINDING 6.</li>
 *   <li>A push onto a remote published bundle holding an extra file: refused by the roster before the read-back.</li>
 * </ul>
 */
class SyncAttack2Test {
  @TempDir Path remoteRoot;
  @TempDir Path localRoot;
  @TempDir Path outside;





  private static Set<String> expectedRoster(CheckpointManifest m) {
    Set<String> expected = new TreeSet<>(List.of(CheckpointManifest.FILE_NAME, PullVerified.FILE_NAME));
    m.files().forEach(f -> expected.add(f.path()));
    return expected;
  }

  private VerificationEvidence evidence() {
    return VerificationEvidence.collect(new SyncAttackTest.OneMachine(), SyncAttackTest.OneMachine.ID, "run-s1",
        localRoot, inventoryOf(remoteRoot), true, Bundles.clockAt(2_000));
  }

  /**
   * FINDING 1 — the public {@code CheckpointSync.verify} that REJECTS an already verified bundle leaves its
   * PULL_VERIFIED.json and the sidecar's {@code verified_by_load: true} in place: the Iron Law accepts them.
   *
   * <p>Mechanism: fix (3) of 8eaa742 withdraws the by-load mark only in {@code SyncEngine.alreadyPublished}
   * (SyncEngine.java:256-260, the catch around {@code verifyFromDisk}). {@code CheckpointSync.verify}
   * (CheckpointSync.java:106-109), the documented way to re-verify a local bundle "as verify_local.py does", calls
   * {@code Verification.verifyFromDisk} directly, which throws on a rejection (Verification.java:236-238) without
   * touching the earlier record or sidecar. {@code VerificationEvidence.collect} re-hashes (the bytes match), reads the
   * old sidecar and counts the bundle verified by load.
   *
   * <p>Impact: exactly the first review's FINDING 3 through the other entry point: the newest verification by load
   * said the checkpoint does not load and the destroy is still allowed. Fix: withdraw the mark inside
   * {@code verifyFromDisk} itself (rewrite the sidecar with verified_by_load=false, or remove PULL_VERIFIED.json,
   * before throwing) so every caller gets it, and drop the special case in the engine.
   */
  @Test
  void aRejectingVerifyOfAVerifiedBundleWithdrawsItsIronLawEvidence() throws Exception {
    Bundles.sealed(remoteRoot, "s1", files(21, 16), 1_000);
    CheckpointSync.builder().verifier(LOADS).build()
        .pull(LocalCheckpointStore.at(remoteRoot), LocalCheckpointStore.at(localRoot), "s1");
    assertThat(evidence().verifiedByLoad()).isTrue();

    assertThatThrownBy(() -> CheckpointSync.verify(localRoot.resolve("export/s1"),
        file -> Verifier.Verdict.reject("tensor shape mismatch: does not load"), Bundles.clockAt(1_500)))
        .isInstanceOf(CheckpointVerificationException.class);

    VerificationEvidence evidence = evidence();
    assertThat(evidence.verifiedByLoad())
        .as("the newest verification by load rejected s1: its older record must not count as verified by load")
        .isFalse();
    assertThat(evidence.refusal(SyncAttackTest.OneMachine.KEY, Optional.of(SyncAttackTest.OneMachine.ID))).isPresent();
  }

  /**
   * FINDING 2 — a verify-by-load hook that changes a file it does NOT apply to (a metrics or config JSON next to the
   * checkpoint it loads) yields a verified pull of bytes that are not the manifest's, and the sidecar launders them.
   *
   * <p>Mechanism: {@code Verification.loadChecked} stamps every manifest file before and after the hook, but compares
   * and re-hashes only the files the verifier applies to (Verification.java:189, {@code !verifier.appliesTo(...)
   * continue}); it then returns the AFTER stamps of all files (Verification.java:200), which {@code runChecked} writes
   * into the sidecar (SyncEngine.java:212-213) as "stamp right after it was hashed". A re-sync therefore skips the hash
   * of the changed file ({@code Verification.hashProblems}, Verification.java:44) and reports it verified again.
   *
   * <p>Impact: "PULL_VERIFIED.json only when every byte on disk matches the manifest" breaks for every file the
   * verifier does not load (JSON, configs, tokenizers), and every later re-sync says verified without hashing. Fix:
   * compare the before/after stamps of EVERY manifest file (and of files outside the manifest, see FINDING 8),
   * re-hashing any that changed, regardless of {@code appliesTo}.
   */
  @Test
  void aVerifyHookThatChangesAFileItDoesNotLoadDoesNotYieldAVerifiedPullOfOtherBytes() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", files(22, 16), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    Verifier updatesMetricsWhileLoading = new Verifier() {
      @Override
      public Verdict verify(Path file) {
        Path metrics = file.resolveSibling("best_metrics.json");
        try {
          if (Files.exists(metrics)) {
            // same size, other bytes: what a loader that "touches up" the run's metrics next to the weights does
            Files.write(metrics, "{\"epoch\": 9}".getBytes(StandardCharsets.UTF_8));
          }
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
      pulled = CheckpointSync.builder().verifier(updatesMetricsWhileLoading).build().pull(remote, local, "s1");
    } catch (CheckpointVerificationException refused) {
      assertThat(refused).hasMessageContaining("the verifier changed cell-a/best_metrics.json");
      pulled = null; // refusing the pull is the fix
    }
    if (pulled != null && pulled.verified().isPresent()) {
      assertThat(mismatches(localRoot.resolve("export/s1"), m))
          .as("a pull reported verified must have every byte on disk matching the manifest").isEmpty();
    }
    SyncResult again = CheckpointSync.builder().verifier(LOADS).build().pull(remote, local, "s1");
    if (again.verified().isPresent()) {
      assertThat(mismatches(localRoot.resolve("export/s1"), m))
          .as("a re-sync reported verified must have every byte on disk matching the manifest").isEmpty();
    }
  }

  /**
   * FINDING 3 — two pulls of the same id into the same local target at once: one reports verified while the other
   * keeps appending into the file it has just published, so the published bundle no longer matches its manifest.
   *
   * <p>Mechanism: nothing makes a pull exclusive on {@code export/.partial/<id>}. Pull B opens the partial
   * {@code .rgpu-<digest>.tmp} for append ({@code SyncEngine.copy}, SyncEngine.java:626-627) and waits on a slow read.
   * Pull A lists the staging, finds that partial (0 bytes, created by B), appends the whole file, hashes ITS stream
   * (match), renames the partial into place, verifies, publishes ({@code runChecked}, SyncEngine.java:200-213) and
   * returns {@code verified()}. B's stream then delivers and B's writes land in the same inode, now
   * {@code export/<id>/<file>} (append on an open descriptor follows the inode across renames); B then fails its own
   * rename as a "cut". A's sidecar stamps predate B's write; the bytes published are A's and B's concatenated.
   *
   * <p>Impact: a bundle reported verified by load is corrupt on disk as soon as the pull returns (a periodic sync
   * thread and a manual {@code remotegpu pull}, or two hosts sharing a network file system, do this). The Iron Law
   * re-hash would refuse it, but the host resumes from it. Fix: hold an exclusive lock for the whole pull (e.g.
   * {@code FileChannel.tryLock} on {@code export/.partial/<id>.lock}) and refuse a second pull of the same id; or
   * receive into a per-pull directory and re-hash from disk before the publish.
   */
  @Test
  void twoPullsOfTheSameIdAtOnceNeverLeaveAPublishedBundleThatDoesNotMatch() throws Exception {
    Map<String, byte[]> content = new LinkedHashMap<>();
    content.put("cell-a/best.pth", Bundles.random(new Random(23), 64 * 1024));
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", content, 1_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CountDownLatch bIsWriting = new CountDownLatch(1);
    CountDownLatch aIsDone = new CountDownLatch(1);
    // Pull B: a slow link. Its read of the file blocks (the partial is already open for append) until A is done.
    CheckpointStore slowRemote = new Delegating(LocalCheckpointStore.at(remoteRoot)) {
      @Override
      public InputStream open(String path, long offset) throws IOException {
        InputStream in = super.open(path, offset);
        if (path.endsWith(CheckpointManifest.FILE_NAME)) {
          return in;
        }
        return new FilterInputStream(in) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            bIsWriting.countDown();
            try {
              aIsDone.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException(e);
            }
            return super.read(b, off, len);
          }
        };
      }
    };
    CompletableFuture<Object> b = CompletableFuture.supplyAsync(() -> {
      try {
        return CheckpointSync.builder().verifier(LOADS).build().pull(slowRemote, local, "s1");
      } catch (RuntimeException e) {
        return e;
      }
    });
    assertThat(bIsWriting.await(20, TimeUnit.SECONDS)).isTrue();
    SyncResult a;
    try {
      a = CheckpointSync.builder().verifier(LOADS).build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1");
    } catch (RuntimeException refused) {
      a = null; // refusing the second pull while the first runs is the fix
    } finally {
      aIsDone.countDown();
    }
    b.get(30, TimeUnit.SECONDS);

    if (a != null && a.verified().isPresent()) {
      assertThat(mismatches(localRoot.resolve("export/s1"), m))
          .as("pull A returned verified; after pull B ended the published bundle must still match its manifest")
          .isEmpty();
    }
    if (Files.exists(localRoot.resolve("export/s1"))) {
      assertThat(mismatches(localRoot.resolve("export/s1"), m)).as("published bytes").isEmpty();
    }
  }

  /**
   * FINDING 4 — a pull with {@code Verifier.NONE} into a target without local paths succeeds once, and every later
   * pull of the same, unchanged bundle is refused ("a pull target must be a local store").
   *
   * <p>Mechanism: the fresh pull allows {@code Verifier.NONE} onto a non-local target ({@code verifyStaged},
   * SyncEngine.java:679-680: a record without stamps). The re-sync path, after the read-back added in fix (7) found
   * the bundle intact, demands a local path for ANY pull, whatever the verifier ({@code alreadyPublished},
   * SyncEngine.java:250-253: {@code localDir.orElseThrow(...)}), and throws a {@code ValidationException}.
   *
   * <p>Impact: "incremental: a re-sync of an unchanged bundle is up to date" fails for every target that is not a
   * local directory (a custom store, the SFTP store used as a pull target to copy between machines): the second pull
   * of the same id fails forever, with a message contradicted by the first pull's success. Fix: in
   * {@code alreadyPublished}, when the verifier is {@code NONE} and there is no local path, return up to date with a
   * fresh record (as {@code verifyStaged} does), or refuse a non-local pull target in both paths alike.
   */
  @Test
  void aRePullOfAnUnchangedBundleIntoANonLocalTargetIsUpToDateLikeTheFirstPullSucceeded() throws Exception {
    Bundles.sealed(remoteRoot, "s1", files(24, 16), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore nonLocal = new FlakyStore(LocalCheckpointStore.at(localRoot), Long.MAX_VALUE);
    SyncResult first = CheckpointSync.builder().build().pull(remote, nonLocal, "s1");
    assertThat(first.filesSent()).isEqualTo(3);

    SyncResult[] again = new SyncResult[1];
    assertThatCode(() -> again[0] = CheckpointSync.builder().build().pull(remote, nonLocal, "s1"))
        .as("the second pull of the same unchanged bundle into the same target").doesNotThrowAnyException();
    assertThat(again[0].upToDate()).isTrue();
  }

  /**
   * FINDING 5 — a re-verification whose hook throws an {@link Error} (an {@code AssertionError} from a verifier that
   * checks with {@code assert}, a {@code StackOverflowError} in a parser fed a malformed file) escapes the pull raw
   * and leaves the earlier {@code verified_by_load: true} in place: the Iron Law accepts the bundle.
   *
   * <p>Mechanism: {@code Verification.loadProblems} turns only a {@code RuntimeException} into a rejection
   * (Verification.java:156); an {@code Error} propagates out of {@code verifyFromDisk} and past the
   * {@code catch (CheckpointVerificationException e)} of fix (3) (SyncEngine.java:256), so the sidecar is not
   * rewritten; {@code SyncEngine.run} lets it through (SyncEngine.java:124). The pull did not verify, yet
   * {@code VerificationEvidence.collect} counts the bundle as verified by load.
   *
   * <p>Fix: treat any {@code Throwable} from the hook (except a {@code VirtualMachineError} perhaps, which should still
   * withdraw the mark) as a rejection in {@code loadProblems}, and withdraw the mark in a {@code finally} unless the
   * verification completed.
   */
  @Test
  void aRePullWhoseVerifierThrowsAnErrorIsNotIronLawEvidence() throws Exception {
    Bundles.sealed(remoteRoot, "s1", files(25, 16), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.builder().verifier(LOADS).build().pull(remote, local, "s1");

    Verifier asserts = file -> {
      throw new AssertionError("expected 12 layers, found 11");
    };
    Throwable thrown = null;
    try {
      CheckpointSync.builder().verifier(asserts).build().pull(remote, local, "s1");
    } catch (Throwable t) {
      thrown = t;
    }
    assertThat(thrown).as("the re-pull did not verify").isNotNull();

    assertThat(evidence().verifiedByLoad())
        .as("the newest verification by load failed (%s): the older record must not count as verified by load",
            thrown)
        .isFalse();
  }

  /**
   * FINDING 6 — a symlink at {@code export/<id>.remotegpu.json.tmp} makes a re-sync write through it: a file outside
   * the local target is truncated and overwritten, and the sidecar itself becomes a link to it.
   *
   * <p>Mechanism: fix (6) guards {@code LocalStoreImpl.resolve}, but the re-sync writes the sidecar with plain NIO on
   * a path it got from {@code localPath}: {@code Verification.verifyFromDisk} (Verification.java:243) and the
   * rejection path of fix (3) (SyncEngine.java:259) call {@code VerificationSidecar.writeBeside}, whose
   * {@code Files.write(tmp, ...)} (VerificationSidecar.java:92) follows a link at the last component, then
   * {@code Files.move} renames the link onto the sidecar. (The fresh pull's {@code writeTo} first discards the
   * {@code .tmp}, which unlinks it; the re-sync path does not.)
   *
   * <p>Impact: "nothing a pull writes lands outside the local target directory" (the guarantee FINDING 7 of the first
   * review restored) does not hold on every re-sync; the target of the link is clobbered. Fix: write the sidecar (and
   * PULL_VERIFIED.json in {@code verifyFromDisk}) through the store, or delete the {@code .tmp} first and create it
   * with {@code CREATE_NEW}/{@code NOFOLLOW_LINKS}.
   */
  @Test
  void aSymlinkAtTheSidecarsTemporaryNameDoesNotRedirectAReSyncsWriteOutsideTheTarget() throws Exception {
    Bundles.sealed(remoteRoot, "s1", files(26, 16), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    CheckpointSync.builder().verifier(LOADS).build().pull(remote, local, "s1");
    Path victim = outside.resolve("notes.txt");
    Files.writeString(victim, "precious, not the SDK's");
    Files.createSymbolicLink(localRoot.resolve("export/s1.remotegpu.json.tmp"), victim);

    try {
      CheckpointSync.builder().verifier(LOADS).build().pull(remote, local, "s1");
    } catch (RuntimeException refused) {
      // refusing the link is a fix
    }

    assertThat(Files.readString(victim)).as("a file outside " + localRoot + " written by a re-sync")
        .isEqualTo("precious, not the SDK's");
  }

  /**
   * FINDING 7 — when the publish rename fails after the old bundle was set aside, the host is left with NO published
   * bundle under the id: the verified copy is stranded in {@code superseded/} and nothing puts it back.
   *
   * <p>Mechanism: fix (1) made the swap two steps, {@code setAside} (SyncEngine.java:205-206, a rename of
   * {@code export/<id>} to {@code superseded/<id>-<millis>}) then {@code target.publish(id)} (SyncEngine.java:208). When
   * the second rename fails (ENOSPC/EDQUOT extending the {@code export} directory, an I/O error, the host killed between
   * the two) the pull reports a cut, but {@code export/<id>} is gone; {@code list()}/{@code latest()} and the Iron
   * Law's evidence see nothing. A later pull repairs it only if the machine still serves the bundle: if it was
   * destroyed (or the pull is never repeated), the last verified checkpoint is only in {@code superseded/}, where
   * neither the SDK nor a resume looks.
   *
   * <p>Fix: when {@code publish} throws, rename the set-aside copy back before rethrowing; and at the start of a pull
   * (and in {@code list()}), finish an interrupted swap: {@code export/<id>} absent, staging holding a manifest and a
   * PULL_VERIFIED.json for it, so publish it (or restore the newest {@code superseded/<id>-*}).
   */
  @Test
  void aFailedPublishAfterTheSetAsideLeavesABundlePublishedUnderTheId() throws Exception {
    CheckpointManifest first = Bundles.sealed(remoteRoot, "s1", files(27, 16), 1_000);
    CheckpointSync.builder().verifier(LOADS).build()
        .pull(LocalCheckpointStore.at(remoteRoot), LocalCheckpointStore.at(localRoot), "s1");
    deleteTree(remoteRoot.resolve("export/s1"));
    Bundles.sealed(remoteRoot, "s1", files(28, 16), 1_001);

    CheckpointStore publishFails = new Delegating(LocalCheckpointStore.at(localRoot)) {
      @Override
      public void move(String from, String to) throws IOException {
        if (from.equals(CheckpointStore.partialDir("s1")) && to.equals(CheckpointStore.exportDir("s1"))) {
          throw new IOException("No space left on device (injected)");
        }
        super.move(from, to);
      }
    };
    assertThatThrownBy(() -> CheckpointSync.builder().verifier(LOADS).build()
        .pull(LocalCheckpointStore.at(remoteRoot), publishFails, "s1"))
        .isInstanceOf(CheckpointTransferException.class);

    assertThat(LocalCheckpointStore.at(localRoot).list())
        .as("after a failed publish the old verified s1 (or the new one) must still be published; superseded/ holds %s",
            regularFilesUnder(localRoot.resolve("superseded")).size() + " files")
        .containsExactly("s1");
    assertThat(mismatches(localRoot.resolve("export/s1"), first)).isEmpty();
  }

  /**
   * FINDING 8 — a verify-by-load hook that leaves a file beside what it loads (a lock, an index or cache file, as HDF5
   * and several loaders do) gets it published inside the verified bundle; every later re-sync of the unchanged bundle
   * then finds an "unexpected local file", re-transfers everything and keeps one more full copy in {@code superseded/}.
   *
   * <p>Mechanism: the roster is checked before the hook ({@code runChecked}, SyncEngine.java:194) and never after it;
   * {@code verifyStaged} (SyncEngine.java:677-697) writes PULL_VERIFIED.json and the staging directory is published
   * with the hook's file. {@code alreadyPublished} (SyncEngine.java:233, 245-246) then sees a roster problem and
   * supersedes: a full pull, the hook leaves its file again, the old bundle is set aside, forever.
   *
   * <p>Impact: the published verified bundle is not the manifest's roster; incremental re-sync is gone (each sync
   * moves the whole bundle) and the host's disk fills with one full copy per sync. Fix: check the roster again after
   * the hook (in {@code loadChecked}: list the directory before and after, and refuse or remove what the hook added),
   * or run the hook on a read-only copy/view.
   */
  @Test
  void aVerifyHookThatLeavesAFileBesideWhatItLoadsDoesNotBreakTheRosterOrTheIncrementalReSync() throws Exception {
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", files(29, 16), 1_000);
    CheckpointStore remote = LocalCheckpointStore.at(remoteRoot);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    Verifier leavesALock = file -> {
      try {
        Files.writeString(file.resolveSibling(file.getFileName() + ".lock"), "pid 4242");
      } catch (IOException e) {
        return Verifier.Verdict.reject(e.toString());
      }
      return Verifier.Verdict.accept();
    };

    SyncResult pulled = CheckpointSync.builder().verifier(leavesALock).build().pull(remote, local, "s1");
    assertThat(pulled.verified()).isPresent();
    assertThat(regularFilesUnder(localRoot.resolve("export/s1")))
        .as("the published, verified bundle must hold exactly the manifest's files and the two records")
        .containsExactlyElementsOf(expectedRoster(m));

    for (int i = 0; i < 3; i++) {
      SyncResult again = CheckpointSync.builder().verifier(leavesALock).build().pull(remote, local, "s1");
      assertThat(again.upToDate()).as("re-sync %d of an unchanged bundle", i + 1).isTrue();
    }
    assertThat(regularFilesUnder(localRoot.resolve("superseded"))).isEmpty();
  }

  /**
   * FINDING 9 — a pull cut after a file was COMPLETED in staging can never be resumed once the machine's bundle under
   * that id no longer lists the file: "run the same pull again to resume" fails forever.
   *
   * <p>Mechanism: fix (4) discards only leftover {@code *.tmp} files before the roster check
   * ({@code withoutLeftovers}, SyncEngine.java:302-315); a file the earlier pull finished and renamed into place
   * (the SDK's own leftover, too) stays, and {@code Verification.rosterProblems} reports it as "unexpected local file
   * not in remote manifest" (Verification.java:127-128) on every retry; {@code discardTemporary} may not remove it.
   * The user is told to delete {@code export/.partial/<id>} by hand.
   *
   * <p>Impact: the pull is not resumable (nor, through {@code RemoteRun}, is Iron Law evidence reachable) until a human
   * intervenes. Fix: record in staging which manifest it was started for (e.g. {@code PULL_MANIFEST.json} of the
   * staging, or a {@code .rgpu-manifest} file) and, when the source's manifest differs, set the staged files the new
   * manifest does not list aside ({@code superseded/.partial-<id>-<millis>}) before the roster check.
   */
  @Test
  void aPullCutAfterAFileCompletedResumesWhenTheMachineNoLongerListsThatFile() throws Exception {
    Map<String, byte[]> before = new LinkedHashMap<>();
    before.put("cell-a/a.bin", Bundles.random(new Random(30), 1024));
    before.put("cell-a/b.pth", Bundles.random(new Random(31), 300 * 1024));
    Bundles.sealed(remoteRoot, "s1", before, 1_000);
    CheckpointStore local = LocalCheckpointStore.at(localRoot);
    assertThatThrownBy(() -> CheckpointSync.builder().concurrency(1).verifier(LOADS).build()
        .pull(new FlakyStore(LocalCheckpointStore.at(remoteRoot), 1024 + 5000), local, "s1"))
        .isInstanceOf(CheckpointTransferException.class);
    assertThat(localRoot.resolve("export/.partial/s1/cell-a/a.bin")).isRegularFile();

    // The machine re-seals s1 without a.bin (a retried seal after a job step removed it).
    deleteTree(remoteRoot.resolve("export/s1"));
    Map<String, byte[]> after = new LinkedHashMap<>();
    after.put("cell-a/b.pth", before.get("cell-a/b.pth"));
    CheckpointManifest m = Bundles.sealed(remoteRoot, "s1", after, 1_001);

    List<String> failures = new ArrayList<>();
    SyncResult resumed = null;
    for (int attempt = 0; attempt < 3 && resumed == null; attempt++) {
      try {
        resumed = CheckpointSync.builder().verifier(LOADS).build().pull(LocalCheckpointStore.at(remoteRoot), local, "s1");
      } catch (CheckpointTransferException | CheckpointVerificationException e) {
        failures.add(e.getMessage());
      }
    }
    assertThat(resumed).as("three resumes failed: %s", failures).isNotNull();
    assertThat(regularFilesUnder(localRoot.resolve("export/s1"))).containsExactlyElementsOf(expectedRoster(m));
  }

  /** A store that hands every call to another; tests override what they attack. */
  private static class Delegating implements CheckpointStore {
    private final CheckpointStore d;

    Delegating(CheckpointStore d) {
      this.d = d;
    }

    @Override
    public String location() {
      return d.location();
    }

    @Override
    public List<StoredFile> files(String dir) throws IOException {
      return d.files(dir);
    }

    @Override
    public List<StoredFile> files(String dir, Collection<String> paths) throws IOException {
      return d.files(dir, paths);
    }

    @Override
    public List<String> directories(String dir) throws IOException {
      return d.directories(dir);
    }

    @Override
    public boolean exists(String path) throws IOException {
      return d.exists(path);
    }

    @Override
    public Optional<byte[]> readIfExists(String path) throws IOException {
      return d.readIfExists(path);
    }

    @Override
    public InputStream open(String path, long offset) throws IOException {
      return d.open(path, offset);
    }

    @Override
    public OutputStream append(String path) throws IOException {
      return d.append(path);
    }

    @Override
    public Optional<OffsetWrites> offsetWrites() {
      return d.offsetWrites();
    }

    @Override
    public void move(String from, String to) throws IOException {
      d.move(from, to);
    }

    @Override
    public void discardTemporary(String path) throws IOException {
      d.discardTemporary(path);
    }

    @Override
    public void setModified(String path, Instant modified) throws IOException {
      d.setModified(path, modified);
    }

    @Override
    public Optional<Path> localPath(String path) {
      return d.localPath(path);
    }
  }


}
