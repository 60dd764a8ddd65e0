package dev.remotegpu.testfixtures.paperspace;

import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.internal.AccountState;
import dev.remotegpu.testfixtures.paperspace.internal.FaultPlan;
import dev.remotegpu.testfixtures.paperspace.internal.HttpFront;
import dev.remotegpu.testfixtures.paperspace.internal.SettingsState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful simulator of the Paperspace public API (base path {@code /v1}) on 127.0.0.1, speaking the real
 * paths and JSON: bare resources on GET, {@code {data, event}} wrappers on machine mutations,
 * {@code {items, hasMore, nextPage}} paging, tRPC-style errors {@code {message, code, issues?}}.
 *
 * <pre>{@code
 * SimulatedClock clock = SimulatedClock.at("2026-01-01T00:00:00Z");
 * try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).build().start()) {
 *   sim.faults().noCapacity("A4000", "ny2", 3, CapacityFailure.CREATE_400);
 *   // point a client at sim.baseUrl() with Bearer sim.apiKey(), then clock.advance(...) to move machines on
 * }
 * }</pre>
 *
 * <p>Machines step through their states one {@code transitionDelay} apart on the clock (create: provisioning,
 * starting, serviceready, ready; stop: stopping, off; start: starting, serviceready, ready; restart: restarting,
 * ready). The simulation catches up with the clock on every request, every account or meter read, and on every
 * move of a {@link SimulatedClock} (with a real clock, also every {@code backgroundTick}). The auto-shutdown
 * timer counts wall-clock time on the clock from the machine's last power-on (entering {@code starting}) and
 * stops the machine whatever is running on it.
 */
public final class PaperspaceSimulator implements AutoCloseable {

  /** The API key accepted when the builder is given none. */
  public static final String DEFAULT_API_KEY = "sim-test-key-5f1c2a9e";

  /** The lifecycle step of {@link #forTests()}, in milliseconds. */
  public static final long TEST_TRANSITION_MILLIS = 100;

  private static final Logger LOG = LoggerFactory.getLogger(PaperspaceSimulator.class);

  private final String apiKey;
  private final Clock clock;
  private final FaultPlan faults = new FaultPlan();
  private final SettingsState settings = new SettingsState();
  private final AccountState account;
  private final HttpFront front;
  private final Consumer<Instant> clockListener;
  private final Duration backgroundTick;
  private ScheduledExecutorService ticker;
  private boolean started;

  private PaperspaceSimulator(Builder builder) {
    this.apiKey = builder.apiKey;
    this.clock = builder.clock;
    this.account = new AccountState(clock, builder.transitionDelay, builder.publicIpSupplier, faults, settings,
        builder.seed);
    this.front = new HttpFront(apiKey, account, faults, clock);
    this.clockListener = instant -> account.progress();
    this.backgroundTick = builder.backgroundTick;
  }

  /** A builder with the defaults: {@link #DEFAULT_API_KEY}, the system UTC clock, 30 s per lifecycle step. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder for a user's tests: each lifecycle step takes {@value #TEST_TRANSITION_MILLIS} ms of the system
   * clock (a machine is ready about half a second after its create), the background tick is 10 ms, and public
   * IPs are loopback addresses (127.0.0.x). The simulator keeps everything in memory and never writes a file;
   * give the client you point at it an in-memory launch ledger ({@code LaunchLedgers.inMemory()}) and a short
   * poll interval too, or use {@code SimulatedPaperspaceExtension} from {@code remotegpu-junit}, which does.
   */
  public static Builder forTests() {
    AtomicInteger nextIp = new AtomicInteger();
    return builder()
        .transitionDelay(Duration.ofMillis(TEST_TRANSITION_MILLIS))
        .backgroundTick(Duration.ofMillis(10))
        .publicIpSupplier(() -> "127.0." + (nextIp.get() / 250) + "." + (nextIp.getAndIncrement() % 250 + 2));
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts answering; returns this simulator. */
  public synchronized PaperspaceSimulator start() {
    if (started) {
      throw new IllegalStateException("the Paperspace simulator is already started");
    }
    front.start();
    if (clock instanceof SimulatedClock simulated) {
      simulated.addListener(clockListener);
    } else if (!backgroundTick.isZero()) {
      ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "paperspace-sim-clock");
        thread.setDaemon(true);
        return thread;
      });
      ticker.scheduleAtFixedRate(this::progressQuietly, backgroundTick.toMillis(), backgroundTick.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    started = true;
    return this;
  }

  private void progressQuietly() {
    try {
      account.progress();
    } catch (RuntimeException | AssertionError e) {
      LOG.warn("a machine listener failed while the simulator caught up with the clock", e);
    }
  }

  /** The base URL to give a client, e.g. {@code http://127.0.0.1:41234/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + front.port() + "/v1";
  }

  /** The port the simulator listens on. */
  public int port() {
    return front.port();
  }

  /** The only API key accepted as {@code Authorization: Bearer <key>}. */
  public String apiKey() {
    return apiKey;
  }

  /** The clock the simulation runs on. */
  public Clock clock() {
    return clock;
  }

  /** Scripted faults: capacity, errors, rate limits, slow answers, creates that commit and then fail. */
  public SimulatorFaults faults() {
    return faults;
  }

  /** Switches for undocumented behaviour (auto-shutdown updates, account standing). */
  public SimulatorSettings settings() {
    return settings;
  }

  /** The in-memory account, for seeding and assertions. */
  public SimulatedAccount account() {
    return account;
  }

  /** The billing meter of the account. */
  public BillingMeter meter() {
    return account.meter();
  }

  /** Registers a listener told about every machine state change (see {@link MachineListener} for threading). */
  public void addMachineListener(MachineListener listener) {
    account.addListener(listener);
  }

  /** Every request received so far, in arrival order, with the Authorization header redacted. */
  public List<RecordedRequest> requests() {
    return front.requests();
  }

  /** How many requests had this method and path (the path with its {@code /v1} prefix, without the query). */
  public long requestCount(String method, String path) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    return front.requests().stream()
        .filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path))
        .count();
  }

  /** Stops the server; the account's state stays readable. */
  @Override
  public synchronized void close() {
    if (clock instanceof SimulatedClock simulated) {
      simulated.removeListener(clockListener);
    }
    if (ticker != null) {
      ticker.shutdownNow();
    }
    front.close();
  }

  /** Configures a {@link PaperspaceSimulator}. */
  public static final class Builder {
    private String apiKey = DEFAULT_API_KEY;
    private Clock clock = Clock.systemUTC();
    private Duration transitionDelay = Duration.ofSeconds(30);
    private Supplier<String> publicIpSupplier = documentationAddresses();
    private long seed = 20240802L;
    private Duration backgroundTick = Duration.ofMillis(100);

    private Builder() {}

    /** The only Bearer key the simulator accepts. */
    public Builder apiKey(String key) {
      Objects.requireNonNull(key, "key");
      if (key.isBlank()) {
        throw new IllegalArgumentException("the simulator's API key must not be blank");
      }
      this.apiKey = key;
      return this;
    }

    /** The clock the lifecycle, timers and meter run on; a {@link SimulatedClock} is advanced by the test. */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /** The clock time each lifecycle step takes (provisioning to starting, stopping to off ...); may be zero. */
    public Builder transitionDelay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("transitionDelay must not be negative: " + delay);
      }
      this.transitionDelay = delay;
      return this;
    }

    /** Hands out public IPs (static ones at claim, dynamic ones at each power-on); each must be unique. */
    public Builder publicIpSupplier(Supplier<String> supplier) {
      this.publicIpSupplier = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    /**
     * With a real clock (anything but a {@link SimulatedClock}), how often a background thread brings the
     * simulation up to the clock so that timers and listeners fire without waiting for a request; 100 ms by
     * default, {@link Duration#ZERO} for none. Ignored with a {@link SimulatedClock}, which drives the simulation.
     */
    public Builder backgroundTick(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || (!interval.isZero() && interval.toMillis() == 0)) {
        throw new IllegalArgumentException("backgroundTick must be zero or at least 1 ms: " + interval);
      }
      this.backgroundTick = interval;
      return this;
    }

    /** The seed of the id generator, so runs are repeatable. */
    public Builder seed(long newSeed) {
      this.seed = newSeed;
      return this;
    }

    /** A simulator, not yet listening; call {@link PaperspaceSimulator#start()}. */
    public PaperspaceSimulator build() {
      return new PaperspaceSimulator(this);
    }

    /**
     * Addresses from the documentation ranges (RFC 5737: 203.0.113.0/24, 198.51.100.0/24, 192.0.2.0/24), then
     * from the shared 100.64.0.0/10 range, never repeating.
     */
    private static Supplier<String> documentationAddresses() {
      AtomicInteger counter = new AtomicInteger();
      String[] blocks = {"203.0.113.", "198.51.100.", "192.0.2."};
      return () -> {
        int n = counter.getAndIncrement();
        if (n < 3 * 254) {
          return blocks[n / 254] + (n % 254 + 1);
        }
        int m = n - 3 * 254;
        return "100." + (64 + m / 65536 % 64) + "." + (m / 256 % 256) + "." + (m % 256);
      };
    }
  }
}
