package dev.remotegpu.core.platform;

import dev.remotegpu.core.AccountView;
import dev.remotegpu.core.Billable;
import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LaunchListener;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.retry.TimeSource;
import dev.remotegpu.core.teardown.Audit;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The entry point of remotegpu: one account on one GPU rental platform. Everything else is reached
 * from here: the platform's facts ({@link #profile()}), launching with retry until capacity
 * ({@link #launch(LaunchRequest)}), the machines, and what bills ({@link #billables()}).
 *
 * <pre>{@code
 * Platform platform = GenericSshPlatform.builder().box(box).privateKey(key).build();  // or a rented platform
 * platform.profile().dangerClocks().forEach(System.out::println);  // surface the danger clocks first
 * Machine machine = platform.launch(LaunchRequest.of("A4000", "ny2").fallback("A5000", "ny2"));
 * machine.awaitState(MachineState.READY, Duration.ofMinutes(10));
 * System.out.println(platform.audit().render());                   // what bills, ours or unknown
 * TeardownPlan plan = platform.planTeardown(TeardownRequest.stopOnly(machine.id()));
 * }</pre>
 *
 * <p>For one training run end to end (launch, code, detached job, checkpoints, teardown), compose these with
 * {@link dev.remotegpu.core.run.RemoteRun}.
 *
 * <p>Implementations are thread-safe. No method returns null.
 */
public interface Platform extends AccountView {

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

  /** As {@link #launch(LaunchRequest)}, reporting each attempt, backoff and adoption to {@code listener}. */
  Machine launch(LaunchRequest request, LaunchListener listener);

  /** Every machine in the account, including ones the SDK did not launch. */
  List<Machine> machines();

  /**
   * One machine by id.
   *
   * @throws NotFoundException when there is no such machine
   */
  Machine machine(String id);

  /**
   * The places data can live on this platform, each with what survives a stop and a destroy (from the profile's
   * survival matrix). Write checkpoints only where they survive the verb you plan to use.
   */
  default List<Storage> storage() {
    return Storage.of(profile().survival());
  }

  /** Everything in the account that costs money while it stays, each with its current rate. */
  List<Billable> billables();

  /** The launch ledger: the machines this SDK meant to create, by unique name, and their ids. */
  LaunchLedger ledger();

  /**
   * The clock and sleeper every wait of this platform runs on (the system's by default). A {@code RemoteRun} built
   * on the platform waits on the same one unless told otherwise, so the time source is set in one place: where the
   * platform is built.
   */
  default TimeSource timeSource() {
    return TimeSource.system();
  }

  /**
   * A machine's billed history (creation, deletion, running intervals, compute and disk rates) from the
   * platform's own records, for {@link dev.remotegpu.core.cost.SpendMeter}; empty when the platform cannot tell.
   */
  default Optional<BilledHistory> billedHistory(String machineId) {
    return Optional.empty();
  }

  /**
   * Everything that bills, each item priced (monthly caps applied), marked ours (in the ledger) or unknown,
   * with the gotcha of the platform's profile that explains it.
   */
  default Audit audit() {
    return Audit.of(billables(), ledger(), profile()::gotchaIdFor);
  }

  /**
   * Plans {@code request} as ordered teardown steps priced from a fresh audit. Nothing runs until the plan is
   * executed with approvals; irreversible steps also need evidence that checkpoints were pulled and verified
   * by load (the Iron Law). Unknown resources are never planned unless the request names them.
   *
   * @throws ValidationException when the request names a resource the account does not hold
   */
  TeardownPlan planTeardown(TeardownRequest request);

  /**
   * Names the account this instance acts on, so Iron Law evidence made on one account is refused on another. It
   * is a fingerprint (never a credential). The default names this instance only.
   */
  default String accountKey() {
    return getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this));
  }

  /**
   * When the platform last powered the machine on (create, start or restart), from its event history; empty when
   * the platform cannot tell. The Iron Law uses it to know whether an off machine has run since its last inventory.
   */
  default Optional<Instant> lastPoweredOn(String machineId) {
    return Optional.empty();
  }
}
