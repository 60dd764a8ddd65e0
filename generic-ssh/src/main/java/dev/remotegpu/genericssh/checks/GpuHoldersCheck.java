package dev.remotegpu.genericssh.checks;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Severity;
import java.util.List;
import java.util.Objects;

/**
 * GEN7: a bare box has no scheduler, so a second run on "the idle GPU" makes both crawl or OOM. Reads the output of
 * {@value #QUERY} taken before a start: every line is a process already holding a GPU.
 */
public final class GpuHoldersCheck implements Check<String> {

  /** The command whose output this check reads. */
  public static final String QUERY = "nvidia-smi --query-compute-apps=pid,process_name,used_memory"
      + " --format=csv,noheader";

  private final PlatformProfile profile;

  /** A check citing {@code profile}'s GEN7 fix. */
  public GpuHoldersCheck(PlatformProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  @Override
  public String gotchaId() {
    return "GEN7";
  }

  @Override
  public List<Finding> check(String queryOutput) {
    Objects.requireNonNull(queryOutput, "queryOutput");
    List<String> holders = queryOutput.lines().map(String::strip).filter(l -> !l.isEmpty())
        .filter(l -> Character.isDigit(l.charAt(0))).toList();
    if (holders.isEmpty()) {
      return List.of();
    }
    return List.of(new Finding("GEN7", Severity.WARNING, holders.size() + " process(es) already hold the GPU:"
        + " a second run would make both crawl or OOM.", String.join(" | ", holders), profile.gotcha("GEN7").fix()));
  }
}
