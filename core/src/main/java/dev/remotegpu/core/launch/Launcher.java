package dev.remotegpu.core.launch;

import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.launch.internal.MachineNames;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform-neutral launch algorithm: validate the request, check the account's standing, adopt a
 * machine a crashed launch of the same run left behind (looked up again every adoption settle while its intent is
 * younger than the listing lag, and every leftover found recorded as the run's), then for each candidate in turn (retried until
 * capacity by {@link CapacityRetry}): check availability, write the unique name to the ledger, create,
 * and record the id. When a create's outcome is unknown (time-out, 5xx, dropped connection) the name is
 * looked up in the account and the machine found is adopted instead of creating a second one.
 *
 * <pre>{@code
 * Launcher<Machine> launcher = Launcher.builder(target).ledger(LaunchLedgers.inFile(path)).build();
 * Machine machine = launcher.launch(LaunchRequest.of("A4000", "ny2"));
 * }</pre>
 *
 * @param <M> the platform's machine type
 */
public final class Launcher<M> {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  private final LaunchTarget<M> target;
  private final LaunchLedger ledger;
  private final LaunchListener listener;
  private final TimeSource time;
  private final Duration adoptionSettle;
  private final Duration listingLag;
  private final int createTriesWhenAbsent;
  private final Function<String, String> names;
  /**
   * Names that a launch in this process is creating or adopting now, so a concurrent launch of the same run
   * never adopts them. Reading the ledger for leftovers and releasing a name hold {@link #claims}: otherwise a
   * launch could read an intent without id, the owner could record the id and release the name, and the
   * reader would then see the name free and adopt the owner's machine a second time.
   */
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Object claims = new Object();

  private Launcher(Builder<M> b) {
    this.target = b.target;
    this.ledger = b.ledger;
    this.listener = b.listener;
    this.time = b.time;
    this.adoptionSettle = b.adoptionSettle;
    this.listingLag = b.listingLag;
    this.createTriesWhenAbsent = b.createTriesWhenAbsent;
    this.names = b.names;
  }

  /** A builder for launches through {@code target}, with an in-memory ledger until one is set. */
  public static <M> Builder<M> builder(LaunchTarget<M> target) {
    return new Builder<>(Objects.requireNonNull(target, "target"));
  }

  /**
   * Launches one machine for {@code request}; see the class comment for the steps.
   *
   * @throws dev.remotegpu.core.ValidationException for bad input, before any call that could bill
   * @throws LaunchFailedException when no candidate had capacity before the request's deadline
   */
  public M launch(LaunchRequest request) {
    return launch(request, LaunchListener.NONE);
  }

  /**
   * As {@link #launch(LaunchRequest)}, reporting this launch's events to {@code callListener} as well as to the
   * launcher's own listener.
   */
  public M launch(LaunchRequest request, LaunchListener callListener) {
    Objects.requireNonNull(request, "request");
    LaunchListener listener = this.listener.andThen(Objects.requireNonNull(callListener, "callListener"));
    CapacityRetry retry;
    try {
      retry = CapacityRetry.forRequest(request).timeSource(time).listener(listener).build();
    } catch (IllegalArgumentException e) {
      throw ValidationException.ofField("maxBackoff", e.getMessage());
    }
    target.validate(request);
    target.checkStanding();
    Optional<M> left = adoptLeftover(request.runId(), listener);
    if (left.isPresent()) {
      return left.get();
    }
    return retry.run(request.candidates(), (candidate, attempt) -> attempt(request, candidate, listener));
  }

  private Optional<M> adoptLeftover(String runId, LaunchListener listener) {
    Map<String, LedgerEntry> pending = new LinkedHashMap<>();
    synchronized (claims) {
      for (LedgerEntry entry : ledger.entries()) {
        if (entry.runId().equals(runId) && entry.machineId().isEmpty() && !inFlight.contains(entry.machineName())) {
          pending.put(entry.machineName(), entry);
        }
      }
      inFlight.addAll(pending.keySet()); // claimed: a concurrent launch of the same run skips them
    }
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    try {
      return adoptFirstFound(pending, runId, listener);
    } finally {
      release(pending.keySet());
    }
  }

  private void release(Set<String> machineNames) {
    synchronized (claims) {
      inFlight.removeAll(machineNames);
    }
  }

  /**
   * Adopts the first machine found for a pending intent, and records every other one found too (the run owns them:
   * a teardown of the run must see them). An intent recorded less than {@link #listingLag} ago may stand for a
   * machine the platform does not list yet: such intents are looked up again every {@link #adoptionSettle} until
   * that lag has passed since the youngest of them. Older ones are looked up once: nothing waits for them.
   */
  private Optional<M> adoptFirstFound(Map<String, LedgerEntry> pending, String runId, LaunchListener listener) {
    Map<String, M> found = target.findByNames(pending.keySet());
    Optional<Instant> listedBy = pending.values().stream().map(e -> e.recordedAt().plus(listingLag))
        .max(Instant::compareTo);
    while (found.isEmpty() && !adoptionSettle.isZero() && listedBy.isPresent()
        && time.now().isBefore(listedBy.get())) {
      // A create that took effect may not be listed yet: look again before a new create could put a second machine
      // beside it.
      settle("a machine an earlier launch of run " + runId + " may have created (" + String.join(", ",
          pending.keySet()) + ")");
      found = target.findByNames(pending.keySet());
    }
    M adopted = null;
    for (LedgerEntry entry : pending.values()) {
      M machine = found.get(entry.machineName());
      if (machine == null) {
        continue;
      }
      String id = target.machineId(machine);
      ledger.recordCreated(entry.machineName(), id);
      if (adopted == null) {
        adopted = machine;
        LOG.info("adopting machine {} ({}) that an earlier launch of run {} created but did not record",
            id, entry.machineName(), runId);
        notify(() -> listener.adopted(entry.machineName(), id));
        notify(() -> listener.launched(entry.candidate(), entry.machineName(), id));
      } else {
        LOG.warn("machine {} ({}) is another leftover of run {} beside the one adopted; it is recorded as the run's"
            + " and bills until the run's teardown destroys it", id, entry.machineName(), runId);
        notify(() -> listener.adopted(entry.machineName(), id));
      }
    }
    return Optional.ofNullable(adopted);
  }

  private M attempt(LaunchRequest request, LaunchCandidate candidate, LaunchListener listener) {
    if (!target.available(candidate)) {
      throw new CapacityUnavailableException("the platform reports no availability for " + candidate);
    }
    String name = names.apply(request.runId());
    inFlight.add(name);
    try {
      ledger.recordIntent(request.runId(), name, candidate);
      return createOnce(request, candidate, name, listener);
    } finally {
      release(Set.of(name));
    }
  }

  private M createOnce(LaunchRequest request, LaunchCandidate candidate, String name,
      LaunchListener listener) {
    for (int tries = 1; ; tries++) {
      try {
        M machine = target.create(name, candidate, request);
        String id = target.machineId(machine);
        ledger.recordCreated(name, id);
        notify(() -> listener.launched(candidate, name, id));
        return machine;
      } catch (CapacityUnavailableException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!target.outcomeUnknown(e)) {
          throw e;
        }
        LOG.info("create of {} on {} ended without a clear answer ({}); looking the name up before anything else",
            name, candidate, e.getMessage());
        Optional<M> found = lookUp(name);
        if (found.isPresent()) {
          String id = target.machineId(found.get());
          ledger.recordCreated(name, id);
          notify(() -> listener.adopted(name, id));
          notify(() -> listener.launched(candidate, name, id));
          return found.get();
        }
        if (tries >= createTriesWhenAbsent) {
          throw e;
        }
        LOG.info("no machine named {} exists after the failed create; creating it again (try {} of {})", name,
            tries + 1, createTriesWhenAbsent);
      }
    }
  }

  private Optional<M> lookUp(String name) {
    Optional<M> found = target.findByName(name);
    if (found.isPresent() || adoptionSettle.isZero()) {
      return found;
    }
    settle("machine " + name + " after an unclear create");
    return target.findByName(name);
  }

  /** Waits {@link #adoptionSettle} before looking up {@code what} again; an interrupt ends the launch. */
  private void settle(String what) {
    try {
      time.sleep(adoptionSettle);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // Not a CapacityUnavailableException: that one is retried, and an interrupt must end the launch.
      throw new RemoteGpuException("interrupted while looking up " + what + "; it may exist and bill: look it up"
          + " by name (or audit) before launching again", e);
    }
  }

  private static void notify(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      LOG.warn("a launch listener threw; ignored", e);
    }
  }

  /** Settings of a {@link Launcher}. */
  public static final class Builder<M> {
    private final LaunchTarget<M> target;
    private LaunchLedger ledger = LaunchLedgers.inMemory();
    private LaunchListener listener = LaunchListener.NONE;
    private TimeSource time = TimeSource.system();
    private Duration adoptionSettle = Duration.ofSeconds(2);
    private Duration listingLag = Duration.ofSeconds(30);
    private int createTriesWhenAbsent = 3;
    private Function<String, String> names = MachineNames::unique;

    private Builder(LaunchTarget<M> target) {
      this.target = target;
    }

    /** Where intents and ids are recorded; use a file-backed ledger for anything that bills. */
    public Builder<M> ledger(LaunchLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /** Receives progress events. */
    public Builder<M> listener(LaunchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The clock of the deadline, with the real {@link Thread#sleep} for the waits. */
    public Builder<M> clock(Clock clock) {
      this.time = TimeSource.of(Objects.requireNonNull(clock, "clock"));
      return this;
    }

    /** The clock and sleeper of the capacity deadline, the waits between rounds and the adoption settle. */
    public Builder<M> timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * How long to wait before looking again when an unclear create's name, or the leftover of a killed launch of
     * the same run (a ledger intent without id younger than {@link #listingLag}), is not found (the platform may
     * still be committing or listing it); zero for a single look-up.
     */
    public Builder<M> adoptionSettle(Duration adoptionSettle) {
      Objects.requireNonNull(adoptionSettle, "adoptionSettle");
      if (adoptionSettle.isNegative()) {
        throw new IllegalArgumentException("adoptionSettle must not be negative: " + adoptionSettle);
      }
      this.adoptionSettle = adoptionSettle;
      return this;
    }

    /**
     * How long after its intent was recorded a created machine may still be missing from the platform's listing
     * (30 s by default): a killed launch's intent younger than this is looked up again every
     * {@link #adoptionSettle} until then before a new machine is created; an older one is looked up once.
     */
    public Builder<M> listingLag(Duration listingLag) {
      Objects.requireNonNull(listingLag, "listingLag");
      if (listingLag.isNegative()) {
        throw new IllegalArgumentException("listingLag must not be negative: " + listingLag);
      }
      this.listingLag = listingLag;
      return this;
    }

    /** How many creates one attempt may send in all, each only after a look-up found no machine; at least 1. */
    public Builder<M> createTriesWhenAbsent(int tries) {
      if (tries < 1) {
        throw new IllegalArgumentException("createTriesWhenAbsent must be at least 1: " + tries);
      }
      this.createTriesWhenAbsent = tries;
      return this;
    }

    /** How unique machine names are made from a run id (for tests that need fixed names). */
    public Builder<M> names(Function<String, String> names) {
      this.names = Objects.requireNonNull(names, "names");
      return this;
    }

    /** The configured launcher. */
    public Launcher<M> build() {
      return new Launcher<>(this);
    }
  }
}
