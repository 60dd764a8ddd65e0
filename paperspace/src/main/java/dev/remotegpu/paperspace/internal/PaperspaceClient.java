package dev.remotegpu.paperspace.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.remotegpu.core.RateLimitException;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ServerException;
import dev.remotegpu.core.retry.BackoffPolicy;
import dev.remotegpu.core.retry.Deadline;
import dev.remotegpu.core.retry.RetryListener;
import dev.remotegpu.core.retry.TimeSource;
import dev.remotegpu.paperspace.internal.ApiTypes.AccountStanding;
import dev.remotegpu.paperspace.internal.ApiTypes.AssignPublicIp;
import dev.remotegpu.paperspace.internal.ApiTypes.Availability;
import dev.remotegpu.paperspace.internal.ApiTypes.ClaimPublicIp;
import dev.remotegpu.paperspace.internal.ApiTypes.CreateMachine;
import dev.remotegpu.paperspace.internal.ApiTypes.CustomTemplate;
import dev.remotegpu.paperspace.internal.ApiTypes.DeletedId;
import dev.remotegpu.paperspace.internal.ApiTypes.ErrorBody;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineEvent;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineJson;
import dev.remotegpu.paperspace.internal.ApiTypes.OsTemplate;
import dev.remotegpu.paperspace.internal.ApiTypes.Page;
import dev.remotegpu.paperspace.internal.ApiTypes.PrivateNetwork;
import dev.remotegpu.paperspace.internal.ApiTypes.PublicIp;
import dev.remotegpu.paperspace.internal.ApiTypes.ReleasedIp;
import dev.remotegpu.paperspace.internal.ApiTypes.SharedDrive;
import dev.remotegpu.paperspace.internal.ApiTypes.Snapshot;
import dev.remotegpu.paperspace.internal.ApiTypes.UpdateMachine;
import dev.remotegpu.paperspace.internal.ApiTypes.Wrapped;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Paperspace API v1 over OkHttp and Moshi: bearer auth, cursor paging, the {@code {data, event}}
 * wrappers, typed errors, and retries with backoff on 429, 5xx and time-outs for calls that are safe to
 * repeat (reads, updates, deletes, power changes). A create is never repeated here: the launch algorithm
 * looks its unique name up instead. The API key goes only into the Authorization header: it is in no log
 * line, exception message or {@code toString()}, and any server text that echoes it is redacted.
 *
 * <p>Thread-safe.
 */
public final class PaperspaceClient {
  private static final Logger LOG = LoggerFactory.getLogger(PaperspaceClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int PAGE_LIMIT = 100;

  /** Whether a failed call may be sent again without risk of doing its effect twice. */
  enum Repeat { SAFE, NEVER }

  private final String apiKey;
  private final HttpUrl baseUrl;
  private final OkHttpClient http;
  private final Moshi moshi = new Moshi.Builder().build();
  private final BackoffPolicy retries;
  private final TimeSource time;

  /**
   * @param apiKey the team API key (never logged)
   * @param baseUrl the API root, for example {@code https://api.paperspace.com/v1}
   * @param http the client whose settings (time-outs, proxies) to use; auth and logging are added to a copy
   * @param maxAttempts how many times a call safe to repeat is sent at most, at least 1
   * @param initialBackoff the first wait before a repeat; later waits double, with 50% jitter
   * @param maxBackoff the longest wait before a repeat
   */
  public PaperspaceClient(String apiKey, HttpUrl baseUrl, OkHttpClient http, int maxAttempts,
      Duration initialBackoff, Duration maxBackoff) {
    this(apiKey, baseUrl, http, BackoffPolicy.exponential(initialBackoff, maxBackoff).maxAttempts(maxAttempts),
        TimeSource.system());
  }

  /**
   * @param apiKey the team API key (never logged)
   * @param baseUrl the API root, for example {@code https://api.paperspace.com/v1}
   * @param http the client whose settings (time-outs, proxies) to use; auth and logging are added to a copy
   * @param retries how calls safe to repeat are retried on 429, 5xx and no answer (a Retry-After is honoured)
   * @param time the clock and sleeper of every wait: retries, event and state polls
   */
  public PaperspaceClient(String apiKey, HttpUrl baseUrl, OkHttpClient http, BackoffPolicy retries,
      TimeSource time) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.retries = Objects.requireNonNull(retries, "retries");
    this.time = Objects.requireNonNull(time, "time");
    String bearer = "Bearer " + apiKey;
    this.http = Objects.requireNonNull(http, "http").newBuilder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("Authorization", bearer)
            .header("x-client", "remotegpu")
            .build()))
        .addInterceptor(chain -> {
          Request r = chain.request();
          long start = System.nanoTime();
          Response response = chain.proceed(r);
          LOG.debug("{} {} -> {} in {} ms", r.method(), describe(r.url()), response.code(),
              (System.nanoTime() - start) / 1_000_000);
          return response;
        })
        .build();
  }

  /** The clock and sleeper of every wait of this client and of the machines it makes. */
  public TimeSource time() {
    return time;
  }

  /** The API root this client talks to. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  // ---- machines ----

  /** One page of machines; {@code filters} may hold name, region, agentType, machineType, orderBy, order. */
  public Page<MachineJson> machinesPage(Map<String, String> filters, String after, int limit) {
    Map<String, String> query = new LinkedHashMap<>(filters);
    query.put("limit", Integer.toString(limit));
    if (after != null) {
      query.put("after", after);
    }
    return get(List.of("machines"), query, page(MachineJson.class), null);
  }

  /** Every machine matching {@code filters}, following the cursor across pages. */
  public List<MachineJson> listMachines(Map<String, String> filters) {
    return listAll(List.of("machines"), filters, MachineJson.class);
  }

  /** One machine (the API answers it bare). */
  public MachineJson getMachine(String id) {
    return get(List.of("machines", id), Map.of(), MachineJson.class, id);
  }

  /** Creates a machine. Sent once: never repeated by this client. */
  public Wrapped<MachineJson> createMachine(CreateMachine body) {
    return send("POST", List.of("machines"), body, CreateMachine.class, wrapped(MachineJson.class),
        Repeat.NEVER, body.name());
  }

  /** Changes a machine's settings. */
  public Wrapped<MachineJson> updateMachine(String id, UpdateMachine body) {
    return send("PUT", List.of("machines", id), body, UpdateMachine.class, wrapped(MachineJson.class),
        Repeat.SAFE, id);
  }

  /** Powers a machine on. */
  public Wrapped<MachineJson> startMachine(String id) {
    return send("PATCH", List.of("machines", id, "start"), null, null, wrapped(MachineJson.class), Repeat.SAFE, id);
  }

  /** Powers a machine off. */
  public Wrapped<MachineJson> stopMachine(String id) {
    return send("PATCH", List.of("machines", id, "stop"), null, null, wrapped(MachineJson.class), Repeat.SAFE, id);
  }

  /** Restarts a machine. */
  public Wrapped<MachineJson> restartMachine(String id) {
    return send("PATCH", List.of("machines", id, "restart"), null, null, wrapped(MachineJson.class),
        Repeat.SAFE, id);
  }

  /** Destroys a machine and its block storage: irreversible. */
  Wrapped<MachineJson> deleteMachine(String id) {
    return send("DELETE", List.of("machines", id), null, null, wrapped(MachineJson.class), Repeat.SAFE, id);
  }

  // ---- events ----

  /** One machine event. */
  public MachineEvent getEvent(String id) {
    return get(List.of("machine-events", id), Map.of(), MachineEvent.class, id);
  }

  /** Every event of one machine. */
  public List<MachineEvent> listEvents(String machineId) {
    return listAll(List.of("machine-events"), Map.of("machineId", machineId), MachineEvent.class);
  }

  /**
   * Polls an event until it is done, in error or cancelled, and returns it; returns the last state seen
   * when {@code timeout} passes first (on the time source's clock or the JVM timer, whichever is further).
   */
  public MachineEvent awaitEvent(String eventId, Duration timeout, Duration pollInterval) {
    Deadline deadline = time.deadline(timeout);
    MachineEvent event = getEvent(eventId);
    while (!event.finished() && !deadline.passed()) {
      pause(pollInterval, eventId);
      event = getEvent(eventId);
    }
    return event;
  }

  // ---- capacity and templates ----

  /** Whether the platform says {@code machineType} can be created in {@code region} now. */
  public boolean machineAvailable(String machineType, String region) {
    Availability a = get(List.of("machine-availability"), Map.of("machineType", machineType, "region", region),
        Availability.class, machineType + "@" + region);
    return Boolean.TRUE.equals(a.available());
  }

  /** Every OS template. */
  public List<OsTemplate> listOsTemplates() {
    return listAll(List.of("os-templates"), Map.of(), OsTemplate.class);
  }

  /** Every custom template. */
  public List<CustomTemplate> listCustomTemplates() {
    return listAll(List.of("custom-templates"), Map.of(), CustomTemplate.class);
  }

  /** Deletes a custom template: irreversible. */
  CustomTemplate deleteCustomTemplate(String id) {
    return send("DELETE", List.of("custom-templates", id), null, null, CustomTemplate.class, Repeat.SAFE, id);
  }

  // ---- public IPs ----

  /** Every public IP, optionally of one region. */
  public List<PublicIp> listPublicIps(String region) {
    return listAll(List.of("public-ips"), region == null ? Map.of() : Map.of("region", region), PublicIp.class);
  }

  /** Claims a static IP in {@code region} (billed until released). Sent once. */
  public PublicIp claimPublicIp(String region) {
    return send("POST", List.of("public-ips"), new ClaimPublicIp(region), ClaimPublicIp.class, PublicIp.class,
        Repeat.NEVER, region);
  }

  /** Assigns a static IP to a machine, or unassigns it when {@code machineId} is null. */
  public PublicIp assignPublicIp(String ip, String machineId) {
    return send("PUT", List.of("public-ips", ip), new AssignPublicIp(machineId), AssignPublicIp.class,
        PublicIp.class, Repeat.SAFE, ip);
  }

  /** Releases a static IP: irreversible, the address is gone. */
  ReleasedIp releasePublicIp(String ip) {
    return send("DELETE", List.of("public-ips", ip), null, null, ReleasedIp.class, Repeat.SAFE, ip);
  }

  // ---- storage ----

  /** Every snapshot, optionally of one machine. */
  public List<Snapshot> listSnapshots(String machineId) {
    return listAll(List.of("snapshots"), machineId == null ? Map.of() : Map.of("machineId", machineId),
        Snapshot.class);
  }

  /** Deletes a snapshot: irreversible. */
  Wrapped<Snapshot> deleteSnapshot(String id) {
    return send("DELETE", List.of("snapshots", id), null, null, wrapped(Snapshot.class), Repeat.SAFE, id);
  }

  /** Every shared drive. */
  public List<SharedDrive> listSharedDrives() {
    return listAll(List.of("shared-drives"), Map.of(), SharedDrive.class);
  }

  /** Deletes a shared drive and its data: irreversible. */
  DeletedId deleteSharedDrive(String id) {
    return send("DELETE", List.of("shared-drives", id), null, null, DeletedId.class, Repeat.SAFE, id);
  }

  /** Every private network. */
  public List<PrivateNetwork> listPrivateNetworks() {
    return listAll(List.of("private-networks"), Map.of(), PrivateNetwork.class);
  }

  // ---- account ----

  /** Whether the account may create billable resources (GET /billing/account-standing). */
  public AccountStanding accountStanding() {
    return get(List.of("billing", "account-standing"), Map.of(), AccountStanding.class, null);
  }

  // ---- plumbing ----

  private static Type page(Class<?> item) {
    return Types.newParameterizedTypeWithOwner(ApiTypes.class, Page.class, item);
  }

  private static Type wrapped(Class<?> item) {
    return Types.newParameterizedTypeWithOwner(ApiTypes.class, Wrapped.class, item);
  }

  private <T> List<T> listAll(List<String> segments, Map<String, String> filters, Class<T> item) {
    List<T> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String after = null;
    while (true) {
      Map<String, String> query = new LinkedHashMap<>(filters);
      query.put("limit", Integer.toString(PAGE_LIMIT));
      if (after != null) {
        query.put("after", after);
      }
      Page<T> p = get(segments, query, page(item), null);
      if (p.items() != null) {
        all.addAll(p.items());
      }
      if (!Boolean.TRUE.equals(p.hasMore()) || p.nextPage() == null || p.nextPage().isEmpty()) {
        return all;
      }
      if (!seen.add(p.nextPage())) {
        throw new ServerException("Paperspace returned the page cursor '" + p.nextPage() + "' twice for GET /"
            + String.join("/", segments) + "; the listing would never end, so it was stopped");
      }
      after = p.nextPage();
    }
  }

  private <T> T get(List<String> segments, Map<String, String> query, Type type, String resourceId) {
    return execute("GET", url(segments, query), null, type, Repeat.SAFE, resourceId, segments);
  }

  private <T> T send(String method, List<String> segments, Object body, Type bodyType, Type responseType,
      Repeat repeat, String resourceId) {
    RequestBody requestBody = null;
    if (body != null) {
      JsonAdapter<Object> adapter = moshi.adapter(bodyType);
      if (body instanceof AssignPublicIp) {
        adapter = adapter.serializeNulls();
      }
      requestBody = RequestBody.create(adapter.toJson(body), JSON);
    } else if (!"DELETE".equals(method)) {
      requestBody = RequestBody.create("{}", JSON);
    }
    return execute(method, url(segments, Map.of()), requestBody, responseType, repeat, resourceId, segments);
  }

  private HttpUrl url(List<String> segments, Map<String, String> query) {
    HttpUrl.Builder b = baseUrl.newBuilder();
    for (String s : segments) {
      b.addPathSegment(Objects.requireNonNull(s, "path segment"));
    }
    query.forEach(b::addQueryParameter);
    return b.build();
  }

  private <T> T execute(String method, HttpUrl url, RequestBody body, Type responseType, Repeat repeat,
      String resourceId, List<String> segments) {
    String operation = method + " " + operationPath(segments);
    Request request = new Request.Builder().url(url).method(method, body).build();
    RetryListener log = (what, attempt, wait, failure) -> LOG.warn(
        "{} failed (attempt {} of {}): {}; retrying in {} ms", what, attempt, retries.maxAttempts(),
        failure.getMessage(), wait.toMillis());
    // A create is NEVER sent twice (Repeat.NEVER): the launch ledger looks its unique name up instead.
    try {
      return retries.retry(time, operation, e -> repeat == Repeat.SAFE
          && (e instanceof ServerException || e instanceof RateLimitException), log,
          () -> sendOnce(request, responseType, operation, resourceId));
    } catch (Unreadable e) {
      throw e.failure; // the call took effect; only its answer could not be read: never repeated
    }
  }

  /** A successful answer this client could not read: carried past the retry, which must not repeat it. */
  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ServerException failure;

    Unreadable(ServerException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }

  private <T> T sendOnce(Request request, Type responseType, String operation, String resourceId) {
    try (Response response = http.newCall(request).execute()) {
      ResponseBody rb = response.body();
      String text = rb == null ? "" : rb.string();
      if (response.isSuccessful()) {
        try {
          return parse(text, responseType, operation, resourceId);
        } catch (ServerException unreadable) {
          throw new Unreadable(unreadable);
        }
      }
      String safeText = redact(text); // the server may echo the key back; nothing below sees the raw text
      RemoteGpuException failure = ApiErrors.map(operation, resourceId, response.code(), parseError(safeText),
          shorten(safeText));
      Optional<Duration> asked = RetryAfter.parse(response.header("Retry-After"), time.now());
      if (failure instanceof RateLimitException && asked.isPresent()) {
        failure = RateLimitException.retryAfter(failure.getMessage() + " (Retry-After " + asked.get().toSeconds()
            + " s)", resourceId, asked.get());
      }
      throw failure;
    } catch (IOException e) {
      throw new ServerException("Paperspace did not answer " + operation
          + (resourceId == null ? "" : " (" + resourceId + ")") + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + redact(e.getMessage()))
          + "; the call may or may not have taken effect", resourceId, e);
    }
  }

  private <T> T parse(String text, Type type, String operation, String resourceId) {
    try {
      JsonAdapter<T> adapter = moshi.adapter(type);
      T value = adapter.fromJson(text);
      if (value == null) {
        throw new ServerException("Paperspace answered " + operation + " with an empty body", resourceId, null);
      }
      return value;
    } catch (IOException | JsonDataException e) {
      throw new ServerException("Paperspace answered " + operation + " with JSON this client cannot read ("
          + redact(String.valueOf(e.getMessage())) + "): " + shorten(redact(text)), resourceId, e);
    }
  }

  private ErrorBody parseError(String text) {
    try {
      return moshi.adapter(ErrorBody.class).fromJson(text);
    } catch (IOException | RuntimeException notJson) {
      return null; // an HTML or empty error page: ApiErrors.map falls back to the status and the raw text
    }
  }

  /** Pauses {@code wait} on the time source between polls of {@code resourceId}. */
  void pause(Duration wait, String resourceId) {
    try {
      time.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteGpuException("interrupted while waiting on Paperspace"
          + (resourceId == null ? "" : " for " + resourceId), e);
    }
  }

  private String redact(String text) {
    return apiKey.isEmpty() || text == null ? text : text.replace(apiKey, "<redacted>");
  }

  private static String shorten(String text) {
    String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  private static String operationPath(List<String> segments) {
    return "/" + String.join("/", segments);
  }

  private static String describe(HttpUrl url) {
    String q = url.encodedQuery();
    return url.encodedPath() + (q == null ? "" : "?" + q);
  }

  @Override
  public String toString() {
    return "PaperspaceClient(" + baseUrl + ", apiKey=<redacted>)";
  }
}
