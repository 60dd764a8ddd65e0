package dev.remotegpu.core.checkpoint;

import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.PlatformProfile;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How often to checkpoint: the Young/Daly interval {@code W = sqrt(2 * MTBF * writeTime)}, turned into whole
 * training steps by rounding {@code W / secondsPerStep} <em>down</em> to a multiple of {@code granularity}
 * (at least one granule), and optionally bounded so the last checkpoint finishes writing before a known
 * auto-shutdown. Example: writeTime 30 s, MTBF 3 h gives W = 804.98 s; at 2 s per step that is every 402
 * steps with granularity 1, every 400 with granularity 100.
 *
 * @param youngDalyInterval W, unbounded
 * @param writeTime the time to write one checkpoint to durable storage
 * @param perStep the time of one training step
 * @param granularity steps are rounded down to a multiple of this (1 = any step)
 * @param everySteps checkpoint every this many steps
 * @param lastCheckpointAtStep when bounded by a shutdown: start the final checkpoint at the latest this many
 *     steps from now, so it is written before the shutdown
 */
public record CheckpointCadence(Duration youngDalyInterval, Duration writeTime, Duration perStep, long granularity,
    long everySteps, Optional<Long> lastCheckpointAtStep) {
  /** Checks the fields. */
  public CheckpointCadence {
    Objects.requireNonNull(youngDalyInterval, "youngDalyInterval");
    Objects.requireNonNull(writeTime, "writeTime");
    Objects.requireNonNull(perStep, "perStep");
    Objects.requireNonNull(lastCheckpointAtStep, "lastCheckpointAtStep");
    if (granularity < 1 || everySteps < 1) {
      throw new IllegalArgumentException("granularity and everySteps must be at least 1");
    }
  }

  /** The Young/Daly interval {@code sqrt(2 * mtbf * writeTime)}, to the nanosecond. */
  public static Duration youngDaly(Duration mtbf, Duration writeTime) {
    double mu = seconds(positive(mtbf, "mtbf"));
    double c = seconds(positive(writeTime, "writeTime"));
    return Duration.ofNanos(Math.round(Math.sqrt(2 * mu * c) * 1e9));
  }

  /** The cadence for any step boundary (granularity 1). */
  public static CheckpointCadence plan(Duration mtbf, Duration writeTime, Duration perStep) {
    return plan(mtbf, writeTime, perStep, 1);
  }

  /** The cadence with steps rounded down to a multiple of {@code granularity} (at least one granule). */
  public static CheckpointCadence plan(Duration mtbf, Duration writeTime, Duration perStep, long granularity) {
    positive(perStep, "perStep");
    if (granularity < 1) {
      throw ValidationException.ofField("granularity", "must be at least 1, was " + granularity);
    }
    Duration w = youngDaly(mtbf, writeTime);
    long steps = roundDown((long) Math.floor(seconds(w) / seconds(perStep)), granularity);
    return new CheckpointCadence(w, writeTime, perStep, granularity, steps, Optional.empty());
  }

  /**
   * This cadence bounded by an auto-shutdown {@code timeLeft} from now: the last checkpoint must start by
   * {@code timeLeft - writeTime}, so {@code lastCheckpointAtStep} is that many whole steps (rounded down to
   * the granularity when at least one granule fits) and {@code everySteps} is at most that. Refused when not
   * even one checkpoint can be written before the shutdown; {@link #boundedBy(Duration, PlatformProfile)} also
   * cites the platform's auto-shutdown gotcha.
   */
  public CheckpointCadence boundedBy(Duration timeLeft) {
    return bounded(timeLeft, Optional.empty());
  }

  /**
   * As {@link #boundedBy(Duration)}, on a platform whose profile names the gotcha a refusal cites
   * ({@link PlatformProfile#gotchaIdFor(Hazard)} of {@link Hazard#AUTO_SHUTDOWN}, none where the platform has no
   * auto-shutdown).
   */
  public CheckpointCadence boundedBy(Duration timeLeft, PlatformProfile profile) {
    return bounded(timeLeft, Objects.requireNonNull(profile, "profile").gotchaIdFor(Hazard.AUTO_SHUTDOWN));
  }

  private CheckpointCadence bounded(Duration timeLeft, Optional<String> gotchaId) {
    Objects.requireNonNull(timeLeft, "timeLeft");
    Duration budget = timeLeft.minus(writeTime);
    if (budget.isNegative()) {
      throw new ValidationException("no checkpoint fits before the shutdown",
          java.util.List.of(new ValidationException.Issue("timeLeft", timeLeft + " is less than the write time "
              + writeTime + ": save now or restart the machine to reset its shutdown timer")), gotchaId.orElse(null));
    }
    long last = (long) Math.floor(seconds(budget) / seconds(perStep));
    if (last >= granularity) {
      last = roundDown(last, granularity);
    }
    long every = last >= 1 ? Math.min(everySteps, last) : everySteps;
    return new CheckpointCadence(youngDalyInterval, writeTime, perStep, granularity, every, Optional.of(last));
  }

  private static long roundDown(long steps, long granularity) {
    return Math.max(granularity, steps / granularity * granularity);
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw ValidationException.ofField(name, "must be positive, was " + d);
    }
    return d;
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
