package dev.remotegpu.core.launch;

import dev.remotegpu.core.CapacityUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A launch gave up: no candidate had capacity before the deadline. Lists every attempt and why it failed.
 * Try again later, add fallback machine types or regions, or allow a longer deadline.
 */
public class LaunchFailedException extends CapacityUnavailableException {
  private static final long serialVersionUID = 1L;

  private final transient List<LaunchAttempt> attempts;

  /**
   * @param deadline the retry budget that ran out
   * @param attempts every failed attempt, in order
   * @param lastFailure the last capacity failure, kept as the cause
   */
  public LaunchFailedException(Duration deadline, List<LaunchAttempt> attempts, Throwable lastFailure) {
    super(describe(deadline, attempts), null, lastFailure);
    this.attempts = List.copyOf(attempts);
  }

  /** Every failed attempt, oldest first. */
  public List<LaunchAttempt> attempts() {
    return attempts == null ? List.of() : attempts;
  }

  private static String describe(Duration deadline, List<LaunchAttempt> attempts) {
    return "no capacity for any candidate within " + deadline + " after " + attempts.size() + " attempt"
        + (attempts.size() == 1 ? "" : "s") + " ["
        + attempts.stream().map(LaunchAttempt::toString).collect(Collectors.joining("; "))
        + "]; try again later, add fallback machine types or regions, or allow a longer deadline";
  }
}
