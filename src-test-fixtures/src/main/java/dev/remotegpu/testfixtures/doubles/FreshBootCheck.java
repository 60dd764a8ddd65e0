package dev.remotegpu.testfixtures.doubles;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.profile.Severity;
import java.util.List;
import java.util.Objects;

/**
 * A vanish-diagnosis {@link Check} for tests that blames a fresh boot: when the observation's {@code uptime} says
 * {@code "up 0 min"}, it finds the given gotcha (an auto-shutdown or a power cycle), with a WARNING to resume from
 * the latest checkpoint; otherwise nothing.
 */
public final class FreshBootCheck implements Check<RunVanishedObservation> {
  private final String checkId;
  private final String blamedGotchaId;

  private FreshBootCheck(String checkId, String blamedGotchaId) {
    this.checkId = Objects.requireNonNull(checkId, "checkId");
    this.blamedGotchaId = Objects.requireNonNull(blamedGotchaId, "blamedGotchaId");
  }

  /**
   * A check filed under {@code checkId} whose finding names {@code blamedGotchaId}.
   *
   * @param checkId the gotcha the check itself belongs to (what {@link #gotchaId()} returns)
   * @param blamedGotchaId the gotcha a fresh boot is blamed on (the finding's id)
   */
  public static FreshBootCheck blaming(String checkId, String blamedGotchaId) {
    return new FreshBootCheck(checkId, blamedGotchaId);
  }

  @Override
  public String gotchaId() {
    return checkId;
  }

  @Override
  public List<Finding> check(RunVanishedObservation observation) {
    return observation.uptimeOutput().contains("up 0 min")
        ? List.of(new Finding(blamedGotchaId, Severity.WARNING, "machine booted since the run started",
            observation.uptimeOutput().strip(), "resume from the latest checkpoint"))
        : List.of();
  }
}
