package dev.remotegpu.core.checkpoint.internal;

import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointVerificationException;
import dev.remotegpu.core.checkpoint.ManifestFile;
import dev.remotegpu.core.checkpoint.PullVerified;
import dev.remotegpu.core.checkpoint.StoredFile;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/** The checks of {@code verify_local.py}: roster, sizes, digests, load; then the record. */
public final class Verification {
  private Verification() {}

  /** The files of a local bundle whose bytes no longer hash to the manifest's digest (re-read from disk). */
  public static List<String> hashProblems(Path dir, CheckpointManifest manifest) throws IOException {
    return hashProblems(dir, manifest, Map.of());
  }

  /**
   * As {@link #hashProblems(Path, CheckpointManifest)}, skipping the hash of a file whose stamp (size, times, inode;
   * see {@link VerificationSidecar}) still equals the one recorded right after it was last hashed.
   */
  public static List<String> hashProblems(Path dir, CheckpointManifest manifest, Map<String, String> hashedStamps)
      throws IOException {
    List<String> problems = new ArrayList<>();
    for (ManifestFile f : manifest.files()) {
      Path file = dir.resolve(f.path());
      String recorded = hashedStamps.get(f.path());
      if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        problems.add("manifest file missing locally: " + f.path());
      } else if (Files.size(file) != f.bytes()) {
        problems.add("size mismatch for " + f.path() + ": expected " + f.bytes() + ", found " + Files.size(file));
      } else if (recorded != null && VerificationSidecar.stampOf(file).filter(recorded::equals).isPresent()) {
        continue;
      } else if (!Sha256.of(file).equals(f.sha256())) {
        problems.add("sha256 mismatch for " + f.path());
      }
    }
    return problems;
  }

  /**
   * Re-reads a local bundle that was verified earlier: its manifest, its {@code PULL_VERIFIED.json} (which must
   * name that manifest's digest), every file's size and SHA-256, and the SDK's sidecar saying whether the
   * verification loaded the checkpoints. Throws {@link CheckpointVerificationException} listing what does not hold.
   */
  public static Rechecked recheck(Path dir) {
    String bundle = dir.toString();
    try {
      Path manifestPath = dir.resolve(CheckpointManifest.FILE_NAME);
      Path recordPath = dir.resolve(PullVerified.FILE_NAME);
      if (!Files.isRegularFile(manifestPath) || !Files.isRegularFile(recordPath)) {
        throw new CheckpointVerificationException(bundle, List.of("no " + CheckpointManifest.FILE_NAME + " or no "
            + PullVerified.FILE_NAME + " in the bundle: pull it again"));
      }
      byte[] manifestBytes = Files.readAllBytes(manifestPath);
      CheckpointManifest manifest = CheckpointManifest.parse(manifestBytes);
      PullVerified record = PullVerified.parse(Files.readString(recordPath, java.nio.charset.StandardCharsets.UTF_8));
      String manifestSha = Sha256.of(manifestBytes);
      List<String> problems = new ArrayList<>();
      if (!record.manifestSha256().equals(manifestSha)) {
        problems.add(PullVerified.FILE_NAME + " is for manifest " + record.manifestSha256() + ", not the bundle's "
            + manifestSha);
      }
      if (manifest.files().isEmpty()) {
        problems.add("the manifest lists no files: an empty bundle proves nothing");
      }
      problems.addAll(hashProblems(dir, manifest));
      if (!problems.isEmpty()) {
        throw new CheckpointVerificationException(bundle, problems);
      }
      boolean byLoad = VerificationSidecar.readBeside(dir)
          .filter(s -> s.manifestSha256().equals(manifestSha)).map(VerificationSidecar::verifiedByLoad).orElse(false);
      return new Rechecked(manifest, manifestBytes, manifestSha, record, byLoad);
    } catch (IOException e) {
      throw new CheckpointVerificationException(bundle, List.of("could not read the bundle: " + e));
    } catch (ValidationException e) {
      throw new CheckpointVerificationException(bundle, List.of("unreadable record: " + e.getMessage()));
    }
  }

  /**
   * A local bundle re-read and re-hashed against its manifest.
   *
   * @param manifest the manifest
   * @param manifestBytes the manifest file's bytes
   * @param manifestSha256 their digest
   * @param record the bundle's {@code PULL_VERIFIED.json}
   * @param verifiedByLoad whether the SDK's sidecar says a real verifier loaded every checkpoint
   */
  public record Rechecked(CheckpointManifest manifest, byte[] manifestBytes, String manifestSha256,
      PullVerified record, boolean verifiedByLoad) {}

  /** Missing, unexpected and wrong-size files of a listing against a manifest, sorted like the script's. */
  public static List<String> rosterProblems(CheckpointManifest manifest, List<StoredFile> listing) {
    Map<String, StoredFile> actual = new LinkedHashMap<>();
    for (StoredFile f : listing) {
      if (!ManifestBuilder.isBookkeeping(f.path())) {
        actual.put(f.path(), f);
      }
    }
    List<String> problems = new ArrayList<>();
    if (manifest.files().isEmpty()) {
      problems.add("the manifest lists no files: an empty bundle proves nothing (verify_local.py refuses it too)");
    }
    TreeSet<String> expected = new TreeSet<>();
    manifest.files().forEach(f -> expected.add(f.path()));
    for (String path : expected) {
      if (!actual.containsKey(path)) {
        problems.add("manifest file missing locally: " + path);
      }
    }
    for (String path : new TreeSet<>(actual.keySet())) {
      // Like verify_local.py, a *.tmp file the manifest does not list is a leftover, not an unexpected file
      // (the manifest itself lists a user's *.tmp files, which are then checked like any other).
      if (!expected.contains(path) && !path.endsWith(".tmp")) {
        problems.add("unexpected local file not in remote manifest: " + path);
      }
    }
    for (ManifestFile f : manifest.files()) {
      StoredFile a = actual.get(f.path());
      if (a != null && a.bytes() != f.bytes()) {
        problems.add("size mismatch for " + f.path() + ": expected " + f.bytes() + ", found " + a.bytes());
      }
    }
    return problems;
  }

  private static TreeSet<String> filesUnder(Path dir) throws IOException {
    TreeSet<String> paths = new TreeSet<>();
    for (LocalTree.Entry e : LocalTree.list(dir)) {
      paths.add(e.path());
    }
    return paths;
  }

  /**
   * Runs the verifier on every file it applies to; returns the rejections. Whatever the verifier throws is a
   * rejection (an {@code AssertionError} of a check, a {@code StackOverflowError} in a parser), except a virtual
   * machine error such as running out of memory, which goes on up.
   */
  public static List<String> loadProblems(CheckpointManifest manifest, Verifier verifier,
      Function<String, Path> localFile) {
    List<String> problems = new ArrayList<>();
    if (verifier == Verifier.NONE) {
      return problems;
    }
    for (ManifestFile f : manifest.files()) {
      if (!verifier.appliesTo(f.path())) {
        continue;
      }
      try {
        Verifier.Verdict verdict = verifier.verify(localFile.apply(f.path()));
        if (!verdict.accepted()) {
          problems.add("verifier rejected " + f.path() + ": " + verdict.reason());
        }
      } catch (Throwable e) {
        if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
          throw vme;
        }
        problems.add("verifier failed on " + f.path() + ": " + e);
      }
    }
    return problems;
  }

  /**
   * A verification's record and the stamps of the bundle's files taken once the verifier was done, each standing for
   * bytes hashed equal to the manifest (see {@link VerificationSidecar}).
   *
   * @param record the {@code PULL_VERIFIED.json} written
   * @param stamps each file's stamp, by bundle path (empty where the file system gives none)
   */
  public record Loaded(PullVerified record, Map<String, String> stamps) {}

  /**
   * Runs the verifier on a local bundle whose files were all just hashed equal to the manifest, adding its rejections
   * to {@code problems}, and checks that it left the bundle as hashed: every file whose stamp changed while it ran (a
   * loader that writes into what it loads, or beside it) is hashed again, and a mismatch is a problem; a file it
   * created in the bundle (a lock file beside a checkpoint) is removed, so the bundle holds the manifest's files only.
   * Returns the files' stamps once it is done.
   */
  public static Map<String, String> loadChecked(Path dir, CheckpointManifest manifest, Verifier verifier,
      List<String> problems) throws IOException {
    List<String> paths = manifest.files().stream().map(ManifestFile::path).toList();
    Map<String, String> before = VerificationSidecar.stampsOf(dir, paths);
    if (verifier == Verifier.NONE) {
      return before;
    }
    TreeSet<String> present = filesUnder(dir);
    java.util.Set<String> listed = java.util.Set.copyOf(paths);
    problems.addAll(loadProblems(manifest, verifier, dir::resolve));
    for (String added : filesUnder(dir)) {
      if (!present.contains(added) && !listed.contains(added) && !ManifestBuilder.isBookkeeping(added)) {
        Files.deleteIfExists(dir.resolve(added));
      }
    }
    Map<String, String> after = VerificationSidecar.stampsOf(dir, paths);
    for (ManifestFile f : manifest.files()) {
      String was = before.get(f.path());
      if (was != null && was.equals(after.get(f.path()))) {
        continue;
      }
      Path file = dir.resolve(f.path());
      if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(file) != f.bytes()
          || !Sha256.of(file).equals(f.sha256())) {
        problems.add("the verifier changed " + f.path() + " while loading it: its bytes no longer match the "
            + "manifest (open checkpoints read-only in the verifier, then pull again)");
        after.remove(f.path());
      }
    }
    return after;
  }

  /** Verifies a local bundle from disk, hashing every file, and writes {@code PULL_VERIFIED.json}. */
  public static PullVerified verifyFromDisk(Path dir, Verifier verifier, Clock clock) {
    return verifyFromDisk(dir, verifier, clock, Map.of());
  }

  /**
   * As {@link #verifyFromDisk(Path, Verifier, Clock)}, not hashing again a file whose stamp is unchanged. When the
   * verification fails, however it fails, a sidecar saying this bundle was verified by load is rewritten to say it
   * was not: the newest verification decides, so no Iron Law evidence is drawn from an earlier one.
   */
  public static PullVerified verifyFromDisk(Path dir, Verifier verifier, Clock clock,
      Map<String, String> hashedStamps) {
    try {
      return verifyFromDiskOnce(dir, verifier, clock, hashedStamps);
    } catch (Throwable failure) {
      withdrawByLoad(dir, failure);
      throw failure;
    }
  }

  /** Rewrites a sidecar that says the bundle in {@code dir} was verified by load to say it was not. */
  private static void withdrawByLoad(Path dir, Throwable failure) {
    try {
      Optional<VerificationSidecar> sidecar = VerificationSidecar.readBeside(dir);
      if (sidecar.isPresent() && sidecar.get().verifiedByLoad()) {
        new VerificationSidecar(sidecar.get().manifestSha256(), false, sidecar.get().stamps()).writeBeside(dir);
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static PullVerified verifyFromDiskOnce(Path dir, Verifier verifier, Clock clock,
      Map<String, String> hashedStamps) {
    String bundle = dir.toString();
    Path manifestPath = dir.resolve(CheckpointManifest.FILE_NAME);
    if (!Files.isRegularFile(manifestPath)) {
      throw new CheckpointVerificationException(bundle, List.of("required manifest not found: " + manifestPath));
    }
    try {
      byte[] manifestBytes = Files.readAllBytes(manifestPath);
      CheckpointManifest manifest;
      try {
        manifest = CheckpointManifest.parse(manifestBytes);
      } catch (ValidationException e) {
        throw new CheckpointVerificationException(bundle, List.of("manifest unreadable: " + e.getMessage()));
      }
      List<StoredFile> listing = new ArrayList<>();
      for (LocalTree.Entry e : LocalTree.list(dir)) {
        listing.add(new StoredFile(e.path(), e.bytes(), e.modified()));
      }
      List<String> problems = new ArrayList<>(rosterProblems(manifest, listing));
      if (problems.isEmpty()) {
        problems.addAll(hashProblems(dir, manifest, hashedStamps));
      }
      Map<String, String> stamps = Map.of();
      if (problems.isEmpty()) {
        stamps = loadChecked(dir, manifest, verifier, problems);
      }
      if (!problems.isEmpty()) {
        throw new CheckpointVerificationException(bundle, problems);
      }
      PullVerified record = record(manifest, manifestBytes, clock);
      AtomicFiles.replace(dir.resolve(PullVerified.FILE_NAME), record.toBytes());
      new VerificationSidecar(record.manifestSha256(), verifier != Verifier.NONE, stamps).writeBeside(dir);
      return record;
    } catch (IOException e) {
      throw new CheckpointVerificationException(bundle, List.of("could not read the bundle: " + e));
    }
  }

  /** The record for a manifest whose bundle passed every check. */
  public static PullVerified record(CheckpointManifest manifest, byte[] manifestBytes, Clock clock) {
    return new PullVerified(manifest.runId(), Sha256.of(manifestBytes), PythonTime.isoformat(clock.instant()),
        manifest.totalFiles(), manifest.totalBytes());
  }
}
