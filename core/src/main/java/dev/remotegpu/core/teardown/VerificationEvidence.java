package dev.remotegpu.core.teardown;

import dev.remotegpu.core.AccountView;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointVerificationException;
import dev.remotegpu.core.checkpoint.ManifestFile;
import dev.remotegpu.core.checkpoint.PullVerified;
import dev.remotegpu.core.checkpoint.internal.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The evidence the Iron Law asks for before an irreversible step: the run's local bundles, each re-hashed against
 * its {@code PULL_MANIFEST.json} and carrying a {@code PULL_VERIFIED.json} made by a pull that loaded every
 * checkpoint, bound to one account, one machine and one run, together with a way to inventory that machine's
 * durable state at execution time.
 *
 * <p>It cannot be made up: the only way to get one is {@link #collect}, which reads and hashes the local files
 * itself (a run gets it from {@link dev.remotegpu.core.run.RemoteRun#evidence()}). A step counts it only when
 * {@link #refusal} finds nothing wrong at the moment the step is about to run: every file under the run's durable
 * roots on the machine is present, with the same size and SHA-256, in a verified bundle, and the inventory shows at
 * least one of those bundles sealed on the machine (an inventory of an unmounted or wrong root, which lists nothing,
 * covers nothing). A running machine also needs its job to have ended when the evidence was taken, and no power-on
 * since, so that no checkpoint can land between the check and the irreversible call.
 */
public final class VerificationEvidence {
  private static final int LISTED = 20;
  private static final java.time.Duration STOPPING_WAIT = java.time.Duration.ofMinutes(5);

  private final AccountView platform;
  private final String machineId;
  private final String runId;
  private final List<PullVerified> bundles;
  private final List<String> notByLoad;
  private final List<String> problems;
  private final Set<String> covered;
  /** The size-and-digest keys of the verified bundles' own manifests. */
  private final Set<String> manifests;
  private final long files;
  private final long bytes;
  private final DurableInventory machineNow;
  private final Clock clock;
  private final Optional<Instant> coveredInventoryAfterJob;
  /** The last power-on the platform reported at the covered inventory, if it reported one. */
  private volatile Optional<Instant> poweredOnAtInventory = Optional.empty();
  private final List<String> lastUncovered = new ArrayList<>();

  private VerificationEvidence(AccountView platform, String machineId, String runId, List<PullVerified> bundles,
      List<String> notByLoad, List<String> problems, Set<String> covered, Set<String> manifests, long files,
      long bytes, DurableInventory machineNow, Clock clock, boolean jobEnded) {
    this.platform = platform;
    this.machineId = machineId;
    this.runId = runId;
    this.bundles = List.copyOf(bundles);
    this.notByLoad = List.copyOf(notByLoad);
    this.problems = List.copyOf(problems);
    this.covered = Set.copyOf(covered);
    this.manifests = Set.copyOf(manifests);
    this.files = files;
    this.bytes = bytes;
    this.machineNow = machineNow;
    this.clock = clock;
    this.coveredInventoryAfterJob = jobEnded ? inventoryIfCovered() : Optional.empty();
  }

  /**
   * Re-hashes every bundle under {@code localRoot/export/} (the directory a run pulls to) against its manifest and
   * binds the result to the platform's account, the machine and the run. When the machine answers and its job has
   * ended, its durable state is inventoried now too, so a step that later finds the machine off can still tell
   * whether that state was covered.
   *
   * @param platform the account the run's machine belongs to (a {@code Platform} is one)
   * @param machineId the machine whose durable state the bundles were pulled from
   * @param runId the run
   * @param localRoot the local checkpoint directory (holding {@code export/<id>} bundles)
   * @param machineNow lists the machine's durable state at the moment it is called
   * @param jobEnded whether the run's job has ended (nothing writes to the durable roots any more)
   * @param clock when inventories happen
   */
  public static VerificationEvidence collect(AccountView platform, String machineId, String runId, Path localRoot,
      DurableInventory machineNow, boolean jobEnded, Clock clock) {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(localRoot, "localRoot");
    Objects.requireNonNull(machineNow, "machineNow");
    Objects.requireNonNull(clock, "clock");
    List<PullVerified> bundles = new ArrayList<>();
    List<String> notByLoad = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    Set<String> manifests = new HashSet<>();
    long files = 0;
    long bytes = 0;
    for (Path bundle : bundleDirs(localRoot.resolve("export"), problems)) {
      String id = bundle.getFileName().toString();
      try {
        Verification.Rechecked checked = Verification.recheck(bundle);
        if (!checked.record().runId().equals(runId)) {
          problems.add("bundle " + id + " in " + bundle + " belongs to run " + checked.record().runId() + ", not "
              + runId);
          continue;
        }
        bundles.add(checked.record());
        if (!checked.verifiedByLoad()) {
          notByLoad.add(id);
        }
        covered.add(key(checked.manifestBytes().length, checked.manifestSha256()));
        manifests.add(key(checked.manifestBytes().length, checked.manifestSha256()));
        for (ManifestFile f : checked.manifest().files()) {
          covered.add(key(f.bytes(), f.sha256()));
        }
        files += checked.manifest().totalFiles();
        bytes += checked.manifest().totalBytes();
      } catch (CheckpointVerificationException e) {
        problems.add("bundle " + id + " does not re-hash to its manifest: " + e.getMessage());
      }
    }
    return new VerificationEvidence(platform, machineId, runId, bundles, notByLoad, problems, covered, manifests,
        files, bytes, machineNow, clock, jobEnded);
  }

  private static List<Path> bundleDirs(Path export, List<String> problems) {
    if (!Files.isDirectory(export)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(export)) {
      return children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      problems.add("could not list " + export + ": " + e.getMessage());
      return List.of();
    }
  }

  /** The account this evidence was made on ({@link AccountView#accountKey()}). */
  public String accountKey() {
    return platform.accountKey();
  }

  /** The machine whose durable state the bundles were pulled from. */
  public String machineId() {
    return machineId;
  }

  /** The run. */
  public String runId() {
    return runId;
  }

  /** The {@code PULL_VERIFIED} records of the bundles that re-hashed to their manifests. */
  public List<PullVerified> bundles() {
    return bundles;
  }

  /** Whether every bundle was verified by load (not only by size and digest, as {@code Verifier.NONE} does). */
  public boolean verifiedByLoad() {
    return notByLoad.isEmpty() && !bundles.isEmpty();
  }

  /** How many files the verified bundles hold. */
  public long files() {
    return files;
  }

  /** How many bytes the verified bundles hold. */
  public long bytes() {
    return bytes;
  }

  /**
   * When an inventory taken after the job had ended found every durable file covered, if one did; a step that finds
   * the machine off relies on it (with the platform's events proving the machine was not powered on since).
   */
  public Optional<Instant> coveredInventoryAfterJob() {
    return coveredInventoryAfterJob;
  }

  /**
   * Why an irreversible step must not run now, or empty when it may: checks the account, the machine, verification
   * by load, and inventories the machine's durable state at this moment.
   *
   * @param planAccountKey the account of the plan the step belongs to
   * @param stepMachineId the machine the step destroys or the one its resource belongs to, if any
   */
  public Optional<String> refusal(String planAccountKey, Optional<String> stepMachineId) {
    Objects.requireNonNull(planAccountKey, "planAccountKey");
    Objects.requireNonNull(stepMachineId, "stepMachineId");
    if (!planAccountKey.equals(accountKey())) {
      return Optional.of("the evidence of run " + runId + " was made on another account than this plan's: pull"
          + " the checkpoints of this account's machine and use that run's evidence");
    }
    if (stepMachineId.isPresent() && !stepMachineId.get().equals(machineId)) {
      return Optional.of("the evidence is for machine " + machineId + " (run " + runId + "), not "
          + stepMachineId.get() + ": a step on another machine needs that machine's own verified pull");
    }
    if (!problems.isEmpty()) {
      return Optional.of("the local bundles of run " + runId + " no longer match what was verified ("
          + String.join("; ", problems) + "): pull again");
    }
    if (bundles.isEmpty() || files == 0) {
      return Optional.of("run " + runId + " has no verified bundle with files: pull the checkpoints first");
    }
    if (!notByLoad.isEmpty()) {
      return Optional.of("bundle(s) " + String.join(", ", notByLoad) + " of run " + runId + " were pulled with"
          + " Verifier.NONE (sizes and digests only, no checkpoint was loaded), which is not evidence: pull again"
          + " with a verifier that loads each checkpoint");
    }
    return machineRefusal();
  }

  private Optional<String> machineRefusal() {
    Machine machine;
    try {
      machine = platform.machine(machineId);
    } catch (NotFoundException e) {
      return offMachineRefusal("it no longer exists", true);
    } catch (RuntimeException e) {
      return Optional.of("cannot read machine " + machineId + " from the platform (" + e.getMessage()
          + "): its durable state cannot be checked; try again");
    }
    if (machine.state() == MachineState.STOPPING) {
      try {
        machine = machine.awaitState(MachineState.OFF, STOPPING_WAIT);
      } catch (RuntimeException e) {
        return offMachineRefusal("it did not finish stopping (" + e.getMessage() + ")", false);
      }
    }
    if (machine.state() != MachineState.READY) {
      return offMachineRefusal("it is " + machine.rawState(), machine.state() == MachineState.OFF);
    }
    List<DurableFile> now;
    try {
      now = machineNow.take();
    } catch (IOException | RuntimeException e) {
      return offMachineRefusal("its durable state could not be listed (" + e.getMessage() + ")", false);
    }
    List<String> uncovered = uncovered(now);
    if (!uncovered.isEmpty()) {
      return Optional.of(uncovered.size() + " file(s) under the durable roots of run " + runId + " on machine "
          + machineId + " are not in a verified bundle (new, changed, unsealed or unreadable since the pull): "
          + listed(uncovered) + "; pull again (it seals and verifies them) and use the new evidence");
    }
    Optional<String> blind = blindInventory(now);
    if (blind.isPresent()) {
      return blind;
    }
    // The machine runs: the inventory just taken is covered, but a job still writing could add a checkpoint between
    // it and the irreversible call. Only a job known to have ended (and no power-on since) closes that window.
    if (coveredInventoryAfterJob.isEmpty()) {
      return Optional.of("machine " + machineId + " is running and the job of run " + runId + " had not ended (or"
          + " could not be read) when this evidence was taken: it may write a checkpoint between this check and the"
          + " irreversible step; wait for the job to end, pull again and take new evidence");
    }
    return poweredOnSince(coveredInventoryAfterJob.get()).map(on -> "machine " + machineId + " was powered on at " + on
        + ", after the inventory of " + coveredInventoryAfterJob.get() + " that showed its job ended and every durable"
        + " file covered: a relaunched job may be writing checkpoints; wait for it to end, pull again and take new"
        + " evidence");
  }

  /**
   * A refusal when the inventory shows none of the verified bundles' manifests under {@code export/}: the durable root
   * is not where the inventory looked (unmounted, wrong root: an empty listing then covers everything), or the bundles
   * were not pulled from this machine. Empty when at least one bundle the evidence verified is sealed on the machine.
   */
  private Optional<String> blindInventory(List<DurableFile> inventory) {
    boolean seesBundle = inventory.stream().anyMatch(f -> f.problem().isEmpty() && f.path().startsWith("export/")
        && f.path().endsWith("/" + CheckpointManifest.FILE_NAME) && manifests.contains(key(f.bytes(), f.sha256())));
    if (seesBundle) {
      return Optional.empty();
    }
    return Optional.of("the inventory of machine " + machineId + " (" + inventory.size() + " file(s)) shows none of"
        + " the " + bundles.size() + " bundle(s) of run " + runId + " the evidence verified (export/<id>/"
        + CheckpointManifest.FILE_NAME + "): the durable root may be unmounted or not where the inventory looks, or"
        + " the local bundles were not pulled from this machine; check the machine's checkpoint root, pull again and"
        + " take new evidence");
  }

  /** When the platform says the machine was powered on after the covered inventory of {@code at}, if it says so. */
  private Optional<Instant> poweredOnSince(Instant at) {
    return lastPoweredOn().filter(on -> poweredOnAfter(on, at));
  }

  /**
   * Whether a power-on came after the covered inventory of {@code at}: dated after it on the platform's clock, or
   * after the power-on the platform reported at that inventory (which needs no clock: the host's clock may run ahead
   * of the platform's, and then a later power-on looks earlier than {@code at}).
   */
  private boolean poweredOnAfter(Instant on, Instant at) {
    return on.isAfter(at) || poweredOnAtInventory.filter(on::isAfter).isPresent();
  }

  /** The platform's newest power-on of the machine, or empty when it cannot tell. */
  private Optional<Instant> lastPoweredOn() {
    try {
      return platform.lastPoweredOn(machineId);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<String> offMachineRefusal(String why, boolean off) {
    String cannot = "machine " + machineId + " cannot be inspected now: " + why;
    if (coveredInventoryAfterJob.isEmpty()) {
      String found = lastUncovered.isEmpty() ? "" : " (the last inventory found " + listed(lastUncovered) + ")";
      return Optional.of(cannot + ", and no inventory taken after the job ended showed every durable file covered"
          + found + ": start it, pull again and take the evidence while it answers");
    }
    Instant at = coveredInventoryAfterJob.get();
    if (why.equals("it no longer exists")) {
      // Its disk is gone, but what it wrote after the inventory may survive in a snapshot or template made of it.
      return poweredOnSince(at).map(on -> cannot + ", and it was powered on at " + on + ", after the inventory of "
          + at + " that was covered: a snapshot or image made of it since may hold checkpoints that were never"
          + " pulled; pull them from there (or restore it) before deleting what was made of machine " + machineId);
    }
    if (!off) {
      return Optional.of(cannot + ": a machine that may be running is never destroyed on an earlier inventory;"
          + " let it answer (or stop it) and try again");
    }
    Optional<Instant> poweredOn = lastPoweredOn();
    if (poweredOn.isEmpty()) {
      return Optional.of(cannot + ", and the platform's events do not tell whether it ran after the inventory of "
          + at + ": start it and pull again");
    }
    if (poweredOnAfter(poweredOn.get(), at)) {
      return Optional.of(cannot + ", and it was powered on at " + poweredOn.get() + ", after the inventory of " + at
          + " that was covered: it may have written new checkpoints; start it and pull again");
    }
    return Optional.empty();
  }

  private Optional<Instant> inventoryIfCovered() {
    try {
      Machine machine = platform.machine(machineId);
      if (machine.state() != MachineState.READY) {
        return Optional.empty();
      }
      Instant at = clock.instant();
      Optional<Instant> poweredOn = lastPoweredOn();
      List<DurableFile> now = machineNow.take();
      List<String> uncovered = uncovered(now);
      lastUncovered.addAll(uncovered);
      if (uncovered.isEmpty() && blindInventory(now).isPresent()) {
        lastUncovered.add("none of the verified bundles' " + CheckpointManifest.FILE_NAME + " under export/");
        return Optional.empty();
      }
      if (uncovered.isEmpty() && !bundles.isEmpty() && problems.isEmpty()) {
        poweredOnAtInventory = poweredOn;
        return Optional.of(at);
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private List<String> uncovered(List<DurableFile> inventory) {
    Set<String> sealed = new HashSet<>();
    for (DurableFile f : inventory) {
      if (f.problem().isEmpty() && f.path().startsWith("export/")
          && f.path().endsWith("/" + CheckpointManifest.FILE_NAME)) {
        sealed.add(f.path().substring(0, f.path().length() - CheckpointManifest.FILE_NAME.length()));
      }
    }
    List<String> uncovered = new ArrayList<>();
    for (DurableFile f : inventory) {
      if (!f.problem().isEmpty()) {
        uncovered.add(f.path() + " (" + f.problem() + ")");
      } else if (!covered.contains(key(f.bytes(), f.sha256()))) {
        uncovered.add(f.path() + " (" + f.bytes() + " bytes, not in any verified bundle)");
      } else if (f.path().startsWith("export/") && sealed.stream().noneMatch(f.path()::startsWith)) {
        uncovered.add(f.path() + " (its bundle has no " + CheckpointManifest.FILE_NAME + ": unsealed)");
      }
    }
    return uncovered;
  }

  private static String listed(List<String> paths) {
    List<String> shown = paths.stream().sorted().limit(LISTED).toList();
    return String.join(", ", shown) + (paths.size() > LISTED ? " and " + (paths.size() - LISTED) + " more" : "");
  }

  private static String key(long bytes, String sha256) {
    return bytes + ":" + sha256;
  }

  @Override
  public String toString() {
    return "VerificationEvidence[run " + runId + ", machine " + machineId + ", " + bundles.size() + " bundle(s), "
        + files + " file(s), " + bytes + " bytes, " + (verifiedByLoad() ? "verified by load" : "NOT verified by load")
        + "]";
  }
}
