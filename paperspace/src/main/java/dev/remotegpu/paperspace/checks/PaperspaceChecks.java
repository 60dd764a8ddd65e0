package dev.remotegpu.paperspace.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import dev.remotegpu.paperspace.profile.VanishDiagnosisCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * All Paperspace checks PS1-PS13 together: list them, or hand over observations of any of their types
 * and get every finding back.
 *
 * <pre>{@code
 * List<Finding> findings = PaperspaceChecks.runAll(
 *     new PlannedRun(PaperspaceProfile.GRADIENT_FREE_NOTEBOOK, Duration.ofHours(10), Optional.empty()),
 *     ImageReference.of("me/trainer:latest"));
 * }</pre>
 */
public final class PaperspaceChecks {

  private PaperspaceChecks() {
  }

  /** Every check of gotchas PS1-PS13 (PS1 and PS9 share an observation type; PS11 has two), on the Paperspace profile. */
  public static List<Check<?>> all() {
    return all(PaperspaceProfile.get());
  }

  /** Every check, reading facts from {@code profile}. */
  public static List<Check<?>> all(PlatformProfile profile) {
    return entries(profile).stream().<Check<?>>map(Entry::check).toList();
  }

  /** The observation types the checks read, in gotcha order. */
  public static List<Class<?>> observationTypes() {
    return entries(PaperspaceProfile.get()).stream().<Class<?>>map(Entry::type).distinct().toList();
  }

  /** Runs every check whose observation type matches each observation; see {@link #runAll(PlatformProfile, List)}. */
  public static List<Finding> runAll(Object... observations) {
    Objects.requireNonNull(observations, "observations");
    return runAll(PaperspaceProfile.get(), Arrays.asList(observations));
  }

  /**
   * Runs, for each observation in order, every check that reads its type, and returns all findings.
   *
   * @throws IllegalArgumentException naming the type of an observation no check reads
   */
  public static List<Finding> runAll(PlatformProfile profile, List<?> observations) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(observations, "observations");
    List<Entry<?>> entries = entries(profile);
    List<Finding> findings = new ArrayList<>();
    for (Object observation : observations) {
      Objects.requireNonNull(observation, "observation");
      boolean matched = false;
      for (Entry<?> entry : entries) {
        if (entry.type().isInstance(observation)) {
          findings.addAll(entry.run(observation));
          matched = true;
        }
      }
      if (!matched) {
        throw new IllegalArgumentException("no Paperspace check reads a " + observation.getClass().getName()
            + "; known observation types: " + observationTypes().stream().map(Class::getSimpleName)
            .collect(Collectors.joining(", ")));
      }
    }
    return findings;
  }

  private static List<Entry<?>> entries(PlatformProfile profile) {
    return List.of(
        new Entry<>(LeftoverBillables.class, new OrphanBillablesCheck(profile)),
        new Entry<>(PlannedRun.class, new AutoShutdownCheck(profile)),
        new Entry<>(DurableWrite.class, new DurableWriteCheck(profile)),
        new Entry<>(CliTool.class, new CliToolCheck(profile)),
        new Entry<>(RegionPlacement.class, new RegionCheck(profile)),
        new Entry<>(SshHostPlan.class, new SshHostCheck(profile)),
        new Entry<>(NotebookContents.class, new FreeNotebookPrivacyCheck(profile)),
        new Entry<>(FreeNotebookStart.class, new FreeNotebookConcurrencyCheck(profile)),
        new Entry<>(LeftoverBillables.class, new OrphanSnapshotCheck(profile)),
        new Entry<>(DatasetUpload.class, new FreeStorageCapCheck(profile)),
        new Entry<>(GpuStackOutput.class, new GpuStackCheck(profile)),
        new Entry<>(ImageReference.class, new ImageDigestCheck(profile)),
        new Entry<>(TemplateChoice.class, new TemplateCheck(profile)),
        new Entry<>(RunVanishedObservation.class, new VanishDiagnosisCheck(profile)));
  }

  private record Entry<T>(Class<T> type, Check<T> check) {
    List<Finding> run(Object observation) {
      return check.check(type.cast(observation));
    }
  }
}
