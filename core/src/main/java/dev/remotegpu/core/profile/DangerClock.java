package dev.remotegpu.core.profile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something to tell the user before anything runs: a clock that will end the run, a meter that keeps
 * running, or a heads-up about tooling.
 *
 * @param title a short name, for example "Auto-shutdown ends every run"
 * @param severity how bad ignoring it is ({@link Severity#CRITICAL} for a danger, lower for a heads-up)
 * @param warning what to tell the user, in one or two sentences
 * @param deadline the fixed time after start when it strikes, when there is one (e.g. 6 h)
 * @param gotchaIds the gotchas that explain it
 */
public record DangerClock(
    String title, Severity severity, String warning, Optional<Duration> deadline, List<String> gotchaIds) {

  public DangerClock {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(warning, "warning");
    Objects.requireNonNull(deadline, "deadline");
    gotchaIds = List.copyOf(Objects.requireNonNull(gotchaIds, "gotchaIds"));
  }

  @Override
  public String toString() {
    return severity + " " + title + ": " + warning + (gotchaIds.isEmpty() ? "" : " " + gotchaIds);
  }
}
