package dev.remotegpu.core.launch;

import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.RateLimitException;
import dev.remotegpu.core.ServerException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a platform module supplies so that {@link Launcher} can run the platform-neutral launch
 * algorithm: validate, check standing, check availability, create, and find a machine by its name.
 *
 * @param <M> the platform's machine type
 */
public interface LaunchTarget<M> {

  /**
   * Refuses bad input before any call that could bill.
   *
   * @throws dev.remotegpu.core.ValidationException naming every bad field
   */
  void validate(LaunchRequest request);

  /** Throws when the account may not create machines now (for example no payment method). */
  void checkStanding();

  /** Whether the platform says {@code candidate} has capacity now; false is recorded as a capacity failure. */
  boolean available(LaunchCandidate candidate);

  /**
   * Creates one machine named {@code machineName}. Never repeats the create itself.
   *
   * @throws CapacityUnavailableException when the platform has no capacity for the candidate
   */
  M create(String machineName, LaunchCandidate candidate, LaunchRequest request);

  /** The machine with exactly this name in the account, if there is one. */
  Optional<M> findByName(String machineName);

  /**
   * The machines whose names are among {@code machineNames}, keyed by name; override to answer with one
   * listing instead of one look-up per name.
   */
  default Map<String, M> findByNames(Set<String> machineNames) {
    Map<String, M> found = new LinkedHashMap<>();
    for (String name : machineNames) {
      findByName(name).ifPresent(m -> found.put(name, m));
    }
    return found;
  }

  /** The platform id of a machine. */
  String machineId(M machine);

  /**
   * Whether a failed create may nevertheless have made the machine (a time-out, a 5xx, a dropped
   * connection, a rate-limit answer), so that the name must be looked up before trying again.
   */
  default boolean outcomeUnknown(RuntimeException failure) {
    return failure instanceof ServerException || failure instanceof RateLimitException;
  }
}
