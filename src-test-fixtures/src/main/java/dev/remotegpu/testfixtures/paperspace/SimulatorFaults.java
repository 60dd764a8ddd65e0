package dev.remotegpu.testfixtures.paperspace;

import java.time.Duration;

/**
 * Scripted faults of a {@link PaperspaceSimulator}. Deterministic: each fault affects exactly the requests it
 * names, counted in arrival order. Thread-safe; faults may be added while clients are running.
 */
public interface SimulatorFaults {

  /**
   * The next {@code count} creates of {@code machineType} in {@code region} (both case-insensitive, long region
   * names accepted) meet no capacity, signalled the way {@code failure} says. Creates rejected by validation do
   * not count. Calls for the same pair add up.
   */
  SimulatorFaults noCapacity(String machineType, String region, int count, CapacityFailure failure);

  /**
   * The next {@code count} starts ({@code PATCH /machines/{id}/start}) of an off machine of {@code machineType}
   * in {@code region} answer 400 {@code BAD_REQUEST} with an "out of capacity" message, as a restart after an
   * auto-shutdown may meet. The machine stays off.
   */
  SimulatorFaults noCapacityOnStart(String machineType, String region, int count);

  /** The next {@code count} requests, whatever their path, answer {@code status} with a tRPC error body. */
  SimulatorFaults failNext(int count, int status);

  /** The next {@code count} requests answer 429 {@code TOO_MANY_REQUESTS}. */
  SimulatorFaults rateLimitNext(int count);

  /** Every response waits {@code delay} of real time before it is sent; {@link Duration#ZERO} turns it off. */
  SimulatorFaults slowResponses(Duration delay);

  /**
   * The next {@code count} successful creates make the machine, then hold the response for {@code delay} of real
   * time (longer than the client's timeout), so the client cannot know the machine exists.
   */
  SimulatorFaults createCommitsThenTimesOut(int count, Duration delay);

  /** The next {@code count} successful creates make the machine, then answer 500 {@code INTERNAL_SERVER_ERROR}. */
  SimulatorFaults createCommitsThen5xx(int count);

  /** Forgets every scripted fault that has not fired yet. */
  void clear();
}
