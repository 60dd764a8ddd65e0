package dev.remotegpu.paperspace.profile;

import dev.remotegpu.core.profile.AutoShutdownPolicy;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.paperspace.profile.internal.Durations;
import dev.remotegpu.paperspace.profile.internal.NvidiaSmi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * PS13 "why did the run vanish": tells an OOM kill (a kernel "Out of memory: Killed process" or
 * "oom-kill" line in dmesg) from the auto-shutdown (a fresh boot in uptime and/or a run length near the
 * window, with a clean dmesg: PS2) from a crash or an unknown cause, and reads nvidia-smi to say whether
 * the GPU is idle (the job died) or busy (it may be hung).
 */
public final class VanishDiagnosisCheck implements Check<RunVanishedObservation> {

  /** An uptime shorter than this, with no run length known, counts as a fresh boot. */
  static final Duration FRESH_BOOT = Duration.ofHours(1);
  private static final Duration MIN_TOLERANCE = Duration.ofMinutes(10);
  private static final Pattern OOM_LINE = Pattern.compile(
      "(?i)(out of memory:\\s*kill|oom-kill:|oom_reaper|killed process \\d+)");

  private final PlatformProfile profile;

  /** A check using the Paperspace profile. */
  public VanishDiagnosisCheck() {
    this(PaperspaceProfile.get());
  }

  /** A check using {@code profile}'s PS2/PS13 fixes and auto-shutdown windows. */
  public VanishDiagnosisCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "PS13";
  }

  @Override
  public List<Finding> check(RunVanishedObservation observation) {
    Objects.requireNonNull(observation, "observation");
    List<String> oomLines = observation.dmesgOutput().lines()
        .filter(line -> OOM_LINE.matcher(line).find()).map(String::strip).toList();
    Optional<Duration> uptime = observation.uptimeSinceBoot();
    NvidiaSmi gpu = NvidiaSmi.parse(observation.nvidiaSmiOutput());
    boolean nothingObserved = !observation.dmesgRan() && uptime.isEmpty()
        && observation.nvidiaSmiOutput().isBlank() && observation.runtimeBeforeVanish().isEmpty();
    if (nothingObserved) {
      return List.of();
    }
    String gpuEvidence = gpuEvidence(gpu);
    if (!oomLines.isEmpty()) {
      String evidence = String.join(" | ", oomLines.subList(0, Math.min(2, oomLines.size()))) + gpuEvidence;
      return List.of(new Finding("PS13", Severity.CRITICAL,
          "The kernel killed the job for lack of memory (OOM kill): a crash of the run, not the auto-shutdown.",
          evidence,
          "Lower the job's memory use (batch size, data-loader workers, cached tensors), then restart and load"
              + " the latest checkpoint. " + profile.gotcha("PS13").fix()));
    }
    List<Duration> windows = windows(observation);
    Optional<Duration> runtime = observation.runtimeBeforeVanish();
    Optional<Duration> nearWindow = runtime.flatMap(r -> windows.stream().filter(w -> near(r, w)).findFirst());
    boolean freshBoot = uptime.map(up -> runtime.map(r -> up.compareTo(r) < 0).orElse(up.compareTo(FRESH_BOOT) < 0))
        .orElse(false);
    String evidence = evidence(observation, uptime, runtime, windows) + gpuEvidence;
    if (nearWindow.isPresent() || freshBoot && runtimeBeforeWindowUnknownOrReached(observation, runtime)) {
      String why = nearWindow.map(w -> "the run lasted about the auto-shutdown window of " + Durations.human(w))
          .orElse("the machine booted since the run started");
      return List.of(new Finding("PS2", Severity.WARNING,
          "The run most likely ended at the auto-shutdown, not in a crash: " + why
              + (!observation.dmesgRan() ? " (no dmesg given to rule out an OOM kill)."
                  : ", and dmesg shows no OOM kill."),
          evidence, profile.gotcha("PS2").fix()));
    }
    if (freshBoot) {
      return List.of(new Finding("PS13", Severity.WARNING,
          "The machine restarted before its auto-shutdown window: a stop, a host restart or a crash of the"
              + " machine, not the auto-shutdown and not an OOM kill.",
          evidence, "Check the console's machine events for who stopped or restarted it, then restart the job"
              + " from the latest checkpoint. " + profile.gotcha("PS13").fix()));
    }
    String gpuHint = switch (gpu.gpuState()) {
      case IDLE -> " The GPU is idle, so the job died; it is not hung.";
      case BUSY -> " A process still uses the GPU, so the job may be hung rather than dead.";
      case DRIVER_UNREACHABLE -> " nvidia-smi cannot reach the driver (see PS11).";
      case UNKNOWN -> "";
    };
    return List.of(new Finding("PS13", Severity.WARNING,
        "Neither an OOM kill nor the auto-shutdown explains the vanished run: look for a crash in the job's own"
            + " log." + gpuHint,
        evidence, profile.gotcha("PS13").fix()));
  }

  private static boolean runtimeBeforeWindowUnknownOrReached(RunVanishedObservation observation,
      Optional<Duration> runtime) {
    // A reboot mid-run is the auto-shutdown unless the known run length stopped well short of the known window.
    if (runtime.isEmpty() || observation.autoShutdownWindow().isEmpty()) {
      return true;
    }
    Duration window = observation.autoShutdownWindow().get();
    return runtime.get().compareTo(window.minus(tolerance(window))) >= 0;
  }

  private List<Duration> windows(RunVanishedObservation observation) {
    if (observation.autoShutdownWindow().isPresent()) {
      return List.of(observation.autoShutdownWindow().get());
    }
    TreeSet<Duration> known = new TreeSet<>();
    for (AutoShutdownPolicy policy : profile.autoShutdownPolicies()) {
      policy.defaultWindow().ifPresent(known::add);
      if (policy.hardCap()) {
        known.add(policy.maxWindow());
      }
    }
    return new ArrayList<>(known);
  }

  private static boolean near(Duration runtime, Duration window) {
    return runtime.minus(window).abs().compareTo(tolerance(window)) <= 0;
  }

  private static Duration tolerance(Duration window) {
    Duration twentieth = window.dividedBy(20);
    return twentieth.compareTo(MIN_TOLERANCE) > 0 ? twentieth : MIN_TOLERANCE;
  }

  private static String evidence(RunVanishedObservation observation, Optional<Duration> uptime,
      Optional<Duration> runtime, List<Duration> windows) {
    List<String> parts = new ArrayList<>();
    parts.add(!observation.dmesgRan() ? "dmesg: not given"
        : observation.dmesgOutput().isBlank() ? "dmesg: clean (the OOM grep printed nothing)" : "dmesg: no OOM kill line");
    uptime.ifPresent(up -> parts.add("up " + Durations.human(up) + " ('" + observation.uptimeOutput().strip() + "')"));
    runtime.ifPresent(r -> parts.add("run lasted " + Durations.human(r)));
    if (!windows.isEmpty()) {
      parts.add((observation.autoShutdownWindow().isPresent() ? "auto-shutdown window " : "known windows ")
          + windows.stream().map(Durations::human).toList());
    }
    return String.join("; ", parts);
  }

  private static String gpuEvidence(NvidiaSmi gpu) {
    return switch (gpu.gpuState()) {
      case IDLE -> "; nvidia-smi: no running processes (GPU idle)";
      case BUSY -> "; nvidia-smi: a process still uses the GPU";
      case DRIVER_UNREACHABLE -> "; nvidia-smi: cannot reach the driver";
      case UNKNOWN -> "";
    };
  }
}
