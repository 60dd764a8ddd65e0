package dev.remotegpu.core;

import dev.remotegpu.core.profile.PlatformProfile;
import java.util.List;

/**
 * The entry point of remotegpu: one account on one GPU rental platform. Everything else is reached
 * from here: the platform's facts ({@link #profile()}), launching with retry until capacity
 * ({@link #launch(LaunchRequest)}), the machines, and what bills ({@link #billables()}).
 *
 * <pre>{@code
 * Platform platform = PaperspacePlatform.fromEnvironment();        // reads PAPERSPACE_API_KEY
 * platform.profile().dangerClocks().forEach(System.out::println);  // surface the danger clocks first
 * Machine machine = platform.launch(LaunchRequest.of("A4000", "ny2").fallback("A5000", "ny2"));
 * machine.awaitState(MachineState.READY, Duration.ofMinutes(10));
 * }</pre>
 *
 * <p>Implementations are thread-safe. No method returns null.
 */
public interface Platform {

  /** The platform's facts as data: survival matrix, billing rules, auto-shutdown clocks, gotchas. */
  PlatformProfile profile();

  /**
   * Launches one machine, trying the request's candidates in order and retrying capacity failures only,
   * with backoff and jitter, until one is created or the deadline passes. Never creates a second machine
   * for one launch: a launch that may have happened is looked up by its unique name first.
   *
   * @throws ValidationException for bad input, before any call that could bill
   * @throws CapacityUnavailableException when the deadline passed with no capacity, listing every attempt
   */
  Machine launch(LaunchRequest request);

  /** Every machine in the account, including ones the SDK did not launch. */
  List<Machine> machines();

  /**
   * One machine by id.
   *
   * @throws NotFoundException when there is no such machine
   */
  Machine machine(String id);

  /** Everything in the account that costs money while it stays, each with its current rate. */
  List<Billable> billables();
}
