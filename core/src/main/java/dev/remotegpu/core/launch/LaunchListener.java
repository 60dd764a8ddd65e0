package dev.remotegpu.core.launch;

import dev.remotegpu.core.LaunchCandidate;
import java.time.Duration;

/**
 * Progress events of one launch, for progress output. Every hook has a no-op default; override the ones
 * you need, or use {@link #NONE}.
 *
 * <p>Order for one launch: zero or more {@link #adopted} for machines a crashed earlier launch of the
 * same run left behind (the launch then ends), otherwise for each try {@link #attemptStarted} followed by
 * {@link #attemptFailed} or the end of the launch; {@link #backingOff} between rounds of candidates; and
 * finally {@link #launched} once. Hooks run on the launching thread and must not block for long; an
 * exception thrown by a hook is logged and ignored.
 */
public interface LaunchListener {

  /** A listener that ignores every event. */
  LaunchListener NONE = new LaunchListener() { };

  /** A try of {@code candidate} begins; {@code attempt} counts from 1 within the launch. */
  default void attemptStarted(int attempt, LaunchCandidate candidate) {
  }

  /** A try failed for lack of capacity and the launch will go on to the next candidate or round. */
  default void attemptFailed(LaunchAttempt attempt) {
  }

  /** Every candidate failed this round; the launch waits {@code wait} before round {@code nextRound}. */
  default void backingOff(Duration wait, int nextRound) {
  }

  /**
   * A create whose outcome was unknown (time-out, server error, dropped connection) turned out to have
   * made the machine; the launch adopts it instead of creating another.
   */
  default void adopted(String machineName, String machineId) {
  }

  /** The launch ended with this machine on {@code candidate}. */
  default void launched(LaunchCandidate candidate, String machineName, String machineId) {
  }

  /**
   * A listener that passes every event to this one, then to {@code next}; {@link #NONE} on either side is
   * skipped.
   */
  default LaunchListener andThen(LaunchListener next) {
    java.util.Objects.requireNonNull(next, "next");
    LaunchListener first = this;
    if (next == NONE) {
      return first;
    }
    if (first == NONE) {
      return next;
    }
    return new LaunchListener() {
      @Override
      public void attemptStarted(int attempt, LaunchCandidate candidate) {
        first.attemptStarted(attempt, candidate);
        next.attemptStarted(attempt, candidate);
      }

      @Override
      public void attemptFailed(LaunchAttempt attempt) {
        first.attemptFailed(attempt);
        next.attemptFailed(attempt);
      }

      @Override
      public void backingOff(Duration wait, int nextRound) {
        first.backingOff(wait, nextRound);
        next.backingOff(wait, nextRound);
      }

      @Override
      public void adopted(String machineName, String machineId) {
        first.adopted(machineName, machineId);
        next.adopted(machineName, machineId);
      }

      @Override
      public void launched(LaunchCandidate candidate, String machineName, String machineId) {
        first.launched(candidate, machineName, machineId);
        next.launched(candidate, machineName, machineId);
      }
    };
  }
}
