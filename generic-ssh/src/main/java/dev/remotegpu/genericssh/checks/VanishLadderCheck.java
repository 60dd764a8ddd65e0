package dev.remotegpu.genericssh.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.profile.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The vanish ladder of a bare box (GEN6): from {@code dmesg | grep -iE "killed process|out of memory|Xid"} and
 * {@code uptime}, an OOM line means an OOM kill; an Xid 48 or 79 means a dead GPU (re-rent); a clean dmesg with a
 * low uptime means the box rebooted, and tmux with it. "Low" is shorter than the run had been going when it
 * vanished, or, when that is unknown, shorter than {@link #LOW_UPTIME}.
 */
public final class VanishLadderCheck implements Check<RunVanishedObservation> {

  /** With no run length known, an uptime below this counts as a fresh boot. */
  public static final Duration LOW_UPTIME = Duration.ofHours(1);

  private static final Pattern OOM = Pattern.compile("(?i)killed process|out of memory");
  private static final Pattern DEAD_GPU = Pattern.compile("(?i)\\bXid\\b.*?\\b(48|79)\\b");

  private final PlatformProfile profile;

  /** A check citing {@code profile}'s GEN6 fix (pass {@code GenericSshProfile.get()}). */
  public VanishLadderCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "GEN6";
  }

  @Override
  public List<Finding> check(RunVanishedObservation observation) {
    Objects.requireNonNull(observation, "observation");
    List<String> oom = observation.dmesgOutput().lines().filter(l -> OOM.matcher(l).find()).map(String::strip)
        .toList();
    List<String> deadGpu = observation.dmesgOutput().lines().filter(l -> DEAD_GPU.matcher(l).find())
        .map(String::strip).toList();
    Optional<Duration> uptime = observation.uptimeSinceBoot();
    if (!deadGpu.isEmpty()) {
      return List.of(new Finding("GEN6", Severity.CRITICAL, "A dead GPU (Xid 48/79 in dmesg): the box cannot"
          + " run the job any more.", deadGpu.get(0), "Re-rent a box and resume from the latest checkpoint."));
    }
    if (!oom.isEmpty()) {
      return List.of(new Finding("GEN6", Severity.CRITICAL, "The kernel killed the job for lack of memory (an OOM"
          + " line in dmesg), not a reboot.", String.join(" | ", oom.subList(0, Math.min(2, oom.size()))),
          "Lower the job's memory use, then resume from the latest checkpoint."));
    }
    if (uptime.isEmpty() || !observation.dmesgRan()) {
      return List.of();
    }
    Duration reference = observation.runtimeBeforeVanish().orElse(LOW_UPTIME);
    if (uptime.get().compareTo(reference) < 0) {
      return List.of(new Finding("GEN6", Severity.WARNING, "The box rebooted while the job ran (clean dmesg, up "
          + human(uptime.get()) + "): tmux and the job did not survive it.",
          "dmesg: clean; uptime '" + observation.uptimeOutput().strip() + "'"
              + observation.runtimeBeforeVanish().map(r -> "; the run had been going " + human(r)).orElse(""),
          profile.gotcha("GEN6").fix()));
    }
    return List.of();
  }

  private static String human(Duration d) {
    return d.toHours() > 0 ? d.toHours() + " h " + d.toMinutesPart() + " min" : d.toMinutes() + " min";
  }
}
