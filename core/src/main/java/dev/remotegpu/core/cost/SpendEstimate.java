package dev.remotegpu.core.cost;

import dev.remotegpu.core.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a machine has cost so far and what it will cost ahead: an estimate computed from its state history and
 * its rates by {@link SpendMeter}, not an invoice.
 *
 * @param machineId the machine
 * @param at the instant of the estimate
 * @param soFar what the clock hours ended by {@code at} have charged, compute and storage (monthly caps applied)
 * @param computeSoFar the compute part of {@code soFar}
 * @param storageSoFar the block-storage part of {@code soFar}
 * @param autoShutdownAt when the auto-shutdown fires, when the machine runs and has one
 * @param untilAutoShutdown what the hours from {@code at} to the auto-shutdown will charge (zero when not running)
 * @param perExtraHour what one more hour of running adds (compute and storage)
 * @param method how it was computed, in words
 */
public record SpendEstimate(String machineId, Instant at, Money soFar, Money computeSoFar, Money storageSoFar,
    Optional<Instant> autoShutdownAt, Money untilAutoShutdown, Money perExtraHour, String method) {

  public SpendEstimate {
    Objects.requireNonNull(machineId, "machineId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(soFar, "soFar");
    Objects.requireNonNull(computeSoFar, "computeSoFar");
    Objects.requireNonNull(storageSoFar, "storageSoFar");
    Objects.requireNonNull(autoShutdownAt, "autoShutdownAt");
    Objects.requireNonNull(untilAutoShutdown, "untilAutoShutdown");
    Objects.requireNonNull(perExtraHour, "perExtraHour");
    Objects.requireNonNull(method, "method");
  }

  /** One line for a console: spend so far, spend until the auto-shutdown, per extra hour. */
  public String summary() {
    return "machine " + machineId + ": spent about " + soFar.toDisplayString() + " so far (compute "
        + computeSoFar.toDisplayString() + ", disk " + storageSoFar.toDisplayString() + ")"
        + autoShutdownAt.map(t -> "; " + untilAutoShutdown.toDisplayString() + " more until the auto-shutdown at "
            + t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
            .orElse("")
        + "; " + perExtraHour.toDisplayString() + " per extra hour running (estimate, not an invoice)";
  }

  @Override
  public String toString() {
    return summary();
  }
}
