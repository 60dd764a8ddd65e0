package dev.remotegpu.paperspace;

import dev.remotegpu.core.AuthenticationException;
import dev.remotegpu.core.Billable;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.launch.LaunchListener;
import dev.remotegpu.core.launch.Launcher;
import dev.remotegpu.core.platform.BilledHistory;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownProgress;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.paperspace.internal.PaperspaceBillables;
import dev.remotegpu.paperspace.internal.PaperspaceClient;
import dev.remotegpu.paperspace.internal.PaperspaceLaunchTarget;
import dev.remotegpu.paperspace.internal.PaperspaceMachine;
import dev.remotegpu.paperspace.internal.PaperspaceSpend;
import dev.remotegpu.paperspace.internal.PaperspaceTeardown;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.nio.file.Path;
import dev.remotegpu.core.retry.BackoffPolicy;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * One Paperspace account (one team API key) as a remotegpu {@link Platform}.
 *
 * <pre>{@code
 * PaperspacePlatform paperspace = PaperspacePlatform.fromEnvironment();   // PAPERSPACE_API_KEY
 * Machine m = paperspace.launch(LaunchRequest.of("A4000", "ny2").fallback("A5000", "ny2"));
 * m.awaitState(MachineState.READY, Duration.ofMinutes(10));
 * paperspace.billables().forEach(System.out::println);
 * }</pre>
 *
 * <p>Thread-safe. The API key is used only in the Authorization header: it is in no log line, exception
 * message or {@code toString()}.
 */
public final class PaperspacePlatform implements Platform {
  /** The real API's root. */
  public static final String DEFAULT_BASE_URL = "https://api.paperspace.com/v1";
  /** The environment variable holding the API key. */
  public static final String API_KEY_VARIABLE = "PAPERSPACE_API_KEY";
  /** The environment variable that points the SDK at another API root (a simulator, a proxy). */
  public static final String API_URL_VARIABLE = "PAPERSPACE_API_URL";

  private final PaperspaceClient client;
  private final LaunchLedger ledger;
  private final Clock clock;
  private final Duration pollInterval;
  private final TimeSource time;
  private final Launcher<PaperspaceMachine> launcher;
  private final String accountKey;
  private final Duration teardownDeadline;
  private final TeardownProgress teardownProgress;
  /** Machine event names that power a machine on. */
  private static final java.util.Set<String> POWER_ON_EVENTS = java.util.Set.of("create", "start", "restart");
  private final PaperspaceBillables billables = new PaperspaceBillables(PaperspaceProfile.get().billing());
  private final PaperspaceSpend spend = new PaperspaceSpend();

  private PaperspacePlatform(Builder b, String apiKey, HttpUrl url) {
    OkHttpClient http = b.httpClient != null ? b.httpClient : new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60))
        .callTimeout(Duration.ofSeconds(90))
        .build();
    this.client = new PaperspaceClient(apiKey, url, http, b.requestRetries, b.time);
    this.time = b.time;
    this.clock = b.time.clock();
    this.pollInterval = b.pollInterval;
    this.ledger = b.ledger != null ? b.ledger
        : LaunchLedgers.inFile(Path.of(System.getProperty("user.home"), ".remotegpu", "paperspace-launches.ledger"),
            clock);
    PaperspaceLaunchTarget target = new PaperspaceLaunchTarget(client, ledger, pollInterval,
        b.createEventTimeout, b.checkAccountStanding);
    this.launcher = Launcher.builder(target).ledger(ledger).listener(b.listener).timeSource(b.time)
        .adoptionSettle(b.adoptionSettle).build();
    this.teardownDeadline = b.teardownDeadline;
    this.teardownProgress = b.teardownProgress;
    this.accountKey = "paperspace:" + url + "#" + fingerprint(apiKey);
  }

  /** The clock and sleeper set on the builder: every wait of this platform, and of a run built on it, uses it. */
  @Override
  public TimeSource timeSource() {
    return time;
  }

  /** The first 16 hex digits of the key's SHA-256: tells accounts apart without holding anything usable. */
  private static String fingerprint(String apiKey) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * A platform for the key in {@code PAPERSPACE_API_KEY}, at {@code PAPERSPACE_API_URL} when set.
   *
   * @throws AuthenticationException when the key variable is missing or blank
   */
  public static PaperspacePlatform fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** As {@link #fromEnvironment()}, reading the two variables from {@code environment}. */
  public static PaperspacePlatform fromEnvironment(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Builder b = builder().apiKey(environment.getOrDefault(API_KEY_VARIABLE, ""));
    String url = environment.get(API_URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      b.baseUrl(url.strip());
    }
    return b.build();
  }

  /** A builder; only the API key is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public PlatformProfile profile() {
    return PaperspaceProfile.get();
  }

  @Override
  public Machine launch(LaunchRequest request) {
    return launch(request, LaunchListener.NONE);
  }

  @Override
  public Machine launch(LaunchRequest request, LaunchListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    return launcher.launch(request, listener);
  }

  @Override
  public List<Machine> machines() {
    return client.listMachines(Map.of()).stream()
        .<Machine>map(json -> new PaperspaceMachine(json, client, pollInterval))
        .toList();
  }

  @Override
  public Machine machine(String id) {
    Objects.requireNonNull(id, "id");
    return new PaperspaceMachine(client.getMachine(id), client, pollInterval);
  }

  @Override
  public List<Billable> billables() {
    return billables.list(client);
  }

  /**
   * Audits what bills and plans {@code request} as ordered teardown steps; nothing runs until the plan is
   * executed with approvals (and, for irreversible steps, evidence that checkpoints were pulled).
   *
   * @throws dev.remotegpu.core.ValidationException when the request names a resource the audit does not hold
   */
  @Override
  public TeardownPlan planTeardown(TeardownRequest request) {
    Objects.requireNonNull(request, "request");
    PlatformProfile profile = profile();
    return PaperspaceTeardown.plan(client, pollInterval, teardownDeadline, teardownProgress, billables, ledger,
        profile::gotchaIdFor, request, accountKey);
  }

  @Override
  public String accountKey() {
    return accountKey;
  }

  /** The newest create, start or restart event of the machine (its {@code dtCreated}), from the machine events. */
  @Override
  public Optional<java.time.Instant> lastPoweredOn(String machineId) {
    Objects.requireNonNull(machineId, "machineId");
    return client.listEvents(machineId).stream()
        .filter(e -> e.name() != null && POWER_ON_EVENTS.contains(e.name()))
        .map(e -> PaperspaceMachine.instant(e.dtCreated()))
        .flatMap(Optional::stream)
        .max(java.util.Comparator.naturalOrder());
  }

  /**
   * The machine's billed history from its machine events and rates (see {@link dev.remotegpu.core.cost.SpendMeter}
   * for how spend is computed from it); empty for a machine that is gone and was never read by this instance.
   */
  @Override
  public Optional<BilledHistory> billedHistory(String machineId) {
    return spend.history(client, Objects.requireNonNull(machineId, "machineId"));
  }

  @Override
  public LaunchLedger ledger() {
    return ledger;
  }

  @Override
  public String toString() {
    return "PaperspacePlatform(" + client.baseUrl() + ", apiKey=<redacted>)";
  }

  /** Settings of a {@link PaperspacePlatform}; every setter checks its argument at once. */
  public static final class Builder {
    private String apiKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private OkHttpClient httpClient;
    private TimeSource time = TimeSource.system();
    private LaunchLedger ledger;
    private LaunchListener listener = LaunchListener.NONE;
    private Duration pollInterval = Duration.ofSeconds(5);
    private BackoffPolicy requestRetries = BackoffPolicy.httpDefault();
    private Duration createEventTimeout = Duration.ofMinutes(10);
    private Duration adoptionSettle = Duration.ofSeconds(2);
    private boolean checkAccountStanding = true;
    private Duration teardownDeadline = Duration.ofMinutes(10);
    private TeardownProgress teardownProgress = TeardownProgress.NONE;

    private Builder() {
    }

    /** The team API key (console: Team settings -> API keys). Required; never logged. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** The API root; {@value #DEFAULT_BASE_URL} by default, a simulator's URL in tests. */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (HttpUrl.parse(baseUrl) == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + baseUrl);
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * The OkHttp client whose time-outs and proxy settings to use; auth and logging are added to a copy. A
     * header-logging interceptor of your own would see the key: redact {@code Authorization} in it.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * The clock of deadlines, waits and ledger stamps, with the real {@link Thread#sleep} between polls and
     * retries; {@link #timeSource(TimeSource)} sets the sleeper too.
     */
    public Builder clock(Clock clock) {
      this.time = TimeSource.of(Objects.requireNonNull(clock, "clock"));
      return this;
    }

    /**
     * The one clock and sleeper of every wait of this platform: HTTP retries, machine-state and create-event
     * polls, the capacity retry, teardown awaits and ledger stamps (the system's by default; in tests a simulated
     * clock whose sleeper advances it, so hours of provisioning pass in milliseconds).
     */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Where launch intents go; by default the file {@code ~/.remotegpu/paperspace-launches.ledger}. */
    public Builder ledger(LaunchLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /** Receives the progress events of every launch. */
    public Builder launchListener(LaunchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** How often machine states and events are polled; 5 s by default. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * How often a call that is safe to repeat is sent at most on 429, 5xx or a time-out, and the backoff
     * range between sends. Creates are never repeated.
     */
    public Builder requestRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      return requestRetries(BackoffPolicy.httpDefault().intervals(positive(initialBackoff, "initialBackoff"),
          positive(maxBackoff, "maxBackoff")).maxAttempts(maxAttempts));
    }

    /**
     * How calls that are safe to repeat are retried on 429, 5xx or no answer: {@link BackoffPolicy#httpDefault()}
     * (at most 4 sends, 500 ms doubling to 10 s, 50% jitter, given up after 2 min) unless set. A Retry-After is
     * honoured; one past the policy's deadline ends the call at once. Creates are never repeated.
     */
    public Builder requestRetries(BackoffPolicy policy) {
      this.requestRetries = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How long a launch follows its create event to catch an {@code error} end (one way Paperspace may
     * signal no capacity); zero returns as soon as the create answers. 10 minutes by default.
     */
    public Builder createEventTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "createEventTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("createEventTimeout must not be negative: " + timeout);
      }
      this.createEventTimeout = timeout;
      return this;
    }

    /** How long to wait before a second look-up of an unclear create's name; 2 s by default. */
    public Builder adoptionSettle(Duration settle) {
      Objects.requireNonNull(settle, "adoptionSettle");
      if (settle.isNegative()) {
        throw new IllegalArgumentException("adoptionSettle must not be negative: " + settle);
      }
      this.adoptionSettle = settle;
      return this;
    }

    /**
     * How long an executed stop waits for OFF and a destroy for the machine to be gone, so the re-audit compares
     * results, not requests (10 minutes by default); past it the step is reported IN_PROGRESS. Zero returns as
     * soon as the API accepted the action.
     */
    public Builder teardownDeadline(Duration deadline) {
      Objects.requireNonNull(deadline, "teardownDeadline");
      if (deadline.isNegative()) {
        throw new IllegalArgumentException("teardownDeadline must not be negative: " + deadline);
      }
      this.teardownDeadline = deadline;
      return this;
    }

    /** Receives an event per poll while a teardown step waits for its result. */
    public Builder teardownProgress(TeardownProgress progress) {
      this.teardownProgress = Objects.requireNonNull(progress, "teardownProgress");
      return this;
    }

    /** Whether a launch asks GET /billing/account-standing first (true by default). */
    public Builder checkAccountStanding(boolean check) {
      this.checkAccountStanding = check;
      return this;
    }

    /**
     * The platform.
     *
     * @throws AuthenticationException when no API key, or a blank one, was given
     */
    public PaperspacePlatform build() {
      if (apiKey == null || apiKey.isBlank()) {
        throw new AuthenticationException("no Paperspace API key: set " + API_KEY_VARIABLE
            + " (console: Team settings -> API keys) or pass one to PaperspacePlatform.builder().apiKey(...)");
      }
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + baseUrl);
      }
      return new PaperspacePlatform(this, apiKey.strip(), url);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    @Override
    public String toString() {
      return "PaperspacePlatform.Builder(" + baseUrl + ", apiKey=<redacted>)";
    }
  }
}
