package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointTransferException;
import dev.remotegpu.core.checkpoint.ExpectedRoster;
import dev.remotegpu.core.checkpoint.ManifestFile;
import dev.remotegpu.core.checkpoint.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Closes a run: active -> export/.partial -> manifest -> export, or quarantine on failure. */
public final class Sealer {
  private Sealer() {}

  /** Seals {@code active/<id>} (or resumes a cut seal in {@code export/.partial/<id>}) and publishes it. */
  public static CheckpointManifest seal(CheckpointStore store, String id, String runId, Clock clock,
      Optional<ExpectedRoster> roster) {
    String active = CheckpointStore.activeDir(id);
    String partial = CheckpointStore.partialDir(id);
    try {
      if (store.exists(CheckpointStore.exportDir(id))) {
        throw new ValidationException("checkpoint already published",
            List.of(new ValidationException.Issue("id", id + " is already in export/ of "
                + store.location() + "; published bundles are immutable, use a new id")));
      }
      if (!store.exists(partial)) {
        if (!store.exists(active)) {
          throw new NotFoundException("no run " + id + " to seal in " + store.location()
              + ": expected " + active + " (or a resumed " + partial + ")", id, null);
        }
        store.move(active, partial);
      }
    } catch (IOException e) {
      throw new CheckpointTransferException("could not start sealing " + id + " in " + store.location() + ": "
          + e.getMessage() + "; retry", id, e);
    }
    try {
      CheckpointManifest manifest = refuseEmpty(build(store, partial, runId, clock), id);
      if (roster.isPresent() && !roster.get().problems(manifest).isEmpty()) {
        throw new ValidationException("run " + id + " does not match its expected roster; it was left in " + active,
            roster.get().problems(manifest).stream().map(p -> new ValidationException.Issue("roster", p)).toList());
      }
      StoreListing.writeAtomically(store, partial + "/" + CheckpointManifest.FILE_NAME, manifest.toBytes());
      store.publish(id);
      return manifest;
    } catch (IOException e) {
      // A cut (dropped connection, I/O error) says nothing against the bundle: leave it in export/.partial,
      // where the next seal resumes, instead of quarantining a good run.
      throw new CheckpointTransferException("sealing " + id + " in " + store.location() + " was cut (" + e
          + "); the bundle stays in " + partial + ": run the same seal again to resume", id, e);
    } catch (ValidationException | java.nio.file.InvalidPathException e) {
      // The data is fine; a name, an empty run or this JVM's file-name encoding is not. Never quarantine good data
      // for that: put the run back where the job left it, so it can be fixed and sealed again.
      RemoteGpuException failure = e instanceof ValidationException v ? v : unencodable(id, store, e);
      try {
        if (!store.exists(active)) {
          store.move(partial, active);
        }
      } catch (IOException | RuntimeException back) {
        failure.addSuppressed(back);
      }
      throw failure;
    } catch (RuntimeException e) {
      if (e instanceof RemoteGpuException r && r.retryable()) {
        throw r;
      }
      RemoteGpuException failure = e instanceof RemoteGpuException r ? r
          : new CheckpointTransferException("sealing " + id + " in " + store.location() + " failed: " + e
              + "; the bundle was moved to quarantine/ for inspection", id, e);
      try {
        String target = CheckpointStore.quarantineDir(id);
        if (store.exists(target)) {
          target = target + "-" + clock.millis();
        }
        store.move(partial, target);
      } catch (IOException | RuntimeException q) {
        failure.addSuppressed(q);
      }
      throw failure;
    }
  }

  private static ValidationException unencodable(String id, CheckpointStore store, RuntimeException e) {
    return new ValidationException("cannot seal " + id + " in " + store.location(), List.of(
        new ValidationException.Issue("encoding", "a file name cannot be represented by this JVM (" + e.getMessage()
            + "; sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding") + ", LANG="
            + System.getenv("LANG") + "): run the JVM under a UTF-8 locale (LANG=C.UTF-8) and seal again; the run"
            + " was left in " + CheckpointStore.activeDir(id))));
  }

  private static CheckpointManifest refuseEmpty(CheckpointManifest manifest, String id) {
    if (manifest.files().isEmpty()) {
      throw new ValidationException("nothing to seal in " + id, List.of(new ValidationException.Issue("files",
          "the run holds no files: an empty bundle proves nothing (build_pull_manifest.py refuses it too); it was"
              + " left in " + CheckpointStore.activeDir(id))));
    }
    return manifest;
  }

  private static CheckpointManifest build(CheckpointStore store, String dir, String runId, Clock clock)
      throws IOException {
    Optional<Path> local = store.localPath(dir);
    if (local.isPresent()) {
      return ManifestBuilder.build(local.get(), runId, clock);
    }
    List<String> topDirs = new ArrayList<>(store.directories(dir));
    topDirs.forEach(PathRules::checkName);
    List<StoredFile> listing = new ArrayList<>(store.files(dir));
    listing.sort((a, b) -> LocalTree.compareBySegments(a.path(), b.path()));
    List<ManifestFile> files = new ArrayList<>();
    for (StoredFile f : listing) {
      if (ManifestBuilder.isBookkeeping(f.path())) {
        continue;
      }
      MessageDigest md = Sha256.newDigest();
      long n;
      try (InputStream in = store.open(dir + "/" + f.path(), 0)) {
        n = Sha256.update(md, in);
      }
      files.add(new ManifestFile(f.path(), n, Sha256.hex(md.digest())));
    }
    return new CheckpointManifest(runId.strip(), PythonTime.isoformat(clock.instant()), topDirs, files);
  }
}
