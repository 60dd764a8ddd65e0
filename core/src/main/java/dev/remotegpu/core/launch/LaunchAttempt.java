package dev.remotegpu.core.launch;

import dev.remotegpu.core.LaunchCandidate;
import java.time.Instant;
import java.util.Objects;

/**
 * One failed try of one candidate during a launch, and why it failed.
 *
 * @param number the attempt number within the launch, from 1
 * @param candidate the machine type and region that was tried
 * @param reason why it failed, in the platform's words where it gave any
 * @param at when the attempt failed
 */
public record LaunchAttempt(int number, LaunchCandidate candidate, String reason, Instant at) {
  public LaunchAttempt {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    if (number < 1) {
      throw new IllegalArgumentException("number must be at least 1: " + number);
    }
  }

  @Override
  public String toString() {
    return "#" + number + " " + candidate + ": " + reason;
  }
}
