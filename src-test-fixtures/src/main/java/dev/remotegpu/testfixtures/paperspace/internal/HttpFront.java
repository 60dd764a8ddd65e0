package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.remotegpu.testfixtures.paperspace.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's HTTP side: a JDK {@link HttpServer} on 127.0.0.1 that records each request, applies scripted
 * request faults, routes {@code /v1/...} to the account, checks the Bearer key and writes JSON answers.
 */
public final class HttpFront implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final String PREFIX = "/v1";
  private static final String ID = "([^/]+)";

  /** An answer: status and JSON text. */
  private record Answer(int status, String json) {
    static Answer of(int status, JsonNode node) {
      return new Answer(status, Json.write(node));
    }
  }

  @FunctionalInterface
  private interface Handler {
    Pending handle(Call call);
  }

  private record Route(String method, Pattern pattern, boolean needsAuth, Handler handler) {}

  /** One parsed request. */
  private record Call(List<String> params, Map<String, String> query, String body) {
    String param(int index) {
      return params.get(index);
    }

    Input bodyInput() {
      return body.isBlank() ? Input.ofBody(null) : Input.ofBody(Json.parse(body));
    }

    Input queryInput() {
      return Input.ofQuery(query);
    }
  }

  private final String apiKey;
  private final AccountState account;
  private final FaultPlan faults;
  private final Clock clock;
  private final List<Route> routes = new ArrayList<>();
  private final List<RecordedRequest> recorded = new ArrayList<>();
  private HttpServer server;
  private ExecutorService executor;

  /** A front for {@code account} that accepts only {@code apiKey}; not listening until {@link #start()}. */
  public HttpFront(String apiKey, AccountState account, FaultPlan faults, Clock clock) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.account = Objects.requireNonNull(account, "account");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.clock = Objects.requireNonNull(clock, "clock");
    defineRoutes();
  }

  private void defineRoutes() {
    route("GET", "/auth/session", false, call -> new Pending(new Answer(200, "null"), Duration.ZERO));
    route("GET", "/os-templates", false, call -> ok(account.templates.listOsTemplates(call.queryInput())));
    route("GET", "/machines", true, call -> ok(account.machines.list(call.queryInput())));
    route("POST", "/machines", true, this::createMachine);
    route("GET", "/machines/" + ID, true, call -> ok(account.machines.table.show(call.param(0))));
    route("PUT", "/machines/" + ID, true, call -> ok(account.machineRequests.update(call.param(0),
        call.bodyInput().withPathParam("id", call.param(0)))));
    route("DELETE", "/machines/" + ID, true, call -> ok(account.machines.table.delete(call.param(0))));
    route("PATCH", "/machines/" + ID + "/start", true,
        call -> ok(account.machines.start(call.param(0), "api-start")));
    route("PATCH", "/machines/" + ID + "/stop", true, call -> ok(account.machines.stop(call.param(0))));
    route("PATCH", "/machines/" + ID + "/restart", true, call -> ok(account.machines.restart(call.param(0))));
    route("GET", "/machine-events", true, call -> ok(account.events.list(call.queryInput())));
    route("GET", "/machine-events/" + ID, true, call -> ok(account.events.table.show(call.param(0))));
    route("GET", "/machine-availability", true, call -> ok(account.machines.availability(call.queryInput())));
    route("GET", "/public-ips", true, call -> ok(account.ips.list(call.queryInput())));
    route("POST", "/public-ips", true, call -> ok(account.ips.claim(call.bodyInput())));
    route("PUT", "/public-ips/" + ID, true, call -> ok(account.ips.assign(call.param(0), call.bodyInput())));
    route("DELETE", "/public-ips/" + ID, true, call -> ok(account.ips.table.delete(call.param(0))));
    route("GET", "/snapshots", true, call -> ok(account.snapshots.list(call.queryInput())));
    route("POST", "/snapshots", true, call -> ok(account.snapshots.create(call.bodyInput())));
    namedResource("/snapshots", account.snapshots.table);
    route("POST", "/snapshots/" + ID + "/restore", true,
        call -> ok(account.snapshots.restore(call.param(0), call.bodyInput())));
    route("GET", "/shared-drives", true, call -> ok(account.storage.listDrives(call.queryInput())));
    route("POST", "/shared-drives", true, call -> ok(account.storage.createDrive(call.bodyInput())));
    namedResource("/shared-drives", account.storage.drives);
    route("GET", "/private-networks", true, call -> ok(account.storage.listNetworks(call.queryInput())));
    route("POST", "/private-networks", true, call -> ok(account.storage.createNetwork(call.bodyInput())));
    namedResource("/private-networks", account.storage.networks);
    route("GET", "/custom-templates", true, call -> ok(account.templates.listCustom(call.queryInput())));
    route("POST", "/custom-templates", true, call -> ok(account.templates.createCustom(call.bodyInput())));
    route("GET", "/custom-templates/" + ID, true, call -> ok(account.templates.table.show(call.param(0))));
    route("DELETE", "/custom-templates/" + ID, true, call -> ok(account.templates.table.delete(call.param(0))));
    route("GET", "/billing/account-standing", true, call -> ok(account.accountStanding()));
  }

  /** GET, PUT (rename) and DELETE of one record of a named resource at {@code path}/{id}. */
  private void namedResource(String path, NamedTable<?> table) {
    route("GET", path + "/" + ID, true, call -> ok(table.show(call.param(0))));
    route("PUT", path + "/" + ID, true, call -> ok(table.rename(call.param(0), call.bodyInput())));
    route("DELETE", path + "/" + ID, true, call -> ok(table.delete(call.param(0))));
  }

  private void route(String method, String path, boolean needsAuth, Handler handler) {
    routes.add(new Route(method, Pattern.compile(path), needsAuth, handler));
  }

  private static Pending ok(ObjectNode body) {
    return new Pending(Answer.of(200, body), Duration.ZERO);
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts answering. */
  public void start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the Paperspace simulator to 127.0.0.1", e);
    }
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "paperspace-sim-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    executor = Executors.newCachedThreadPool(factory);
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
    server.start();
  }

  /** The port the server listens on. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("the simulator is not started; call start() first");
    }
    return server.getAddress().getPort();
  }

  /** A copy of every request received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** Stops listening and interrupts answers still being held back. */
  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- one exchange

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getRawPath();
      String rawQuery = exchange.getRequestURI().getRawQuery();
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
          name.equalsIgnoreCase("authorization") ? List.of("[redacted]") : List.copyOf(values)));
      synchronized (recorded) {
        recorded.add(new RecordedRequest(method, path, rawQuery == null ? "" : rawQuery, headers, body,
            clock.instant()));
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");

      Duration slow = faults.slowDelay();
      if (!slow.isZero()) {
        sleep(slow);
      }
      Answer answer;
      Duration holdBack = Duration.ZERO;
      try {
        account.progress();
        var fault = faults.takeRequestFault();
        if (fault.isPresent()) {
          throw ApiError.ofStatus(fault.get().status(), fault.get().message());
        }
        Pending pending = dispatch(method, path, rawQuery, body, authorization);
        answer = pending.answer();
        holdBack = pending.holdBack();
      } catch (ApiError error) {
        answer = Answer.of(error.status(), error.body());
      } catch (RuntimeException | AssertionError unexpected) {
        LOG.warn("Paperspace simulator failed on {} {}", method, path, unexpected);
        answer = Answer.of(500, ApiError.ofStatus(500, "Internal server error").body());
      }
      if (!holdBack.isZero()) {
        sleep(holdBack);
      }
      byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      try {
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      } catch (IOException clientGone) {
        LOG.debug("client went away before the answer to {} {} was written", method, path);
      }
    }
  }

  private record Pending(Answer answer, Duration holdBack) {}

  private Pending dispatch(String method, String rawPath, String rawQuery, String body, String authorization) {
    if (!rawPath.startsWith(PREFIX + "/")) {
      throw ApiError.notFound("Not found");
    }
    String path = rawPath.substring(PREFIX.length());
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    for (Route route : routes) {
      Matcher matcher = route.pattern().matcher(path);
      if (!route.method().equals(method) || !matcher.matches()) {
        continue;
      }
      boolean authorized = authorization != null && authorization.equals("Bearer " + apiKey);
      if (route.pattern().pattern().equals("/auth/session")) {
        return new Pending(authorized ? new Answer(200, Json.write(session())) : new Answer(200, "null"),
            Duration.ZERO);
      }
      if (route.needsAuth() && !authorized) {
        throw ApiError.ofStatus(401, authorization == null
            ? "Missing API key: send 'Authorization: Bearer <key>'"
            : "Invalid API key");
      }
      List<String> params = new ArrayList<>();
      for (int i = 1; i <= matcher.groupCount(); i++) {
        params.add(URLDecoder.decode(matcher.group(i), StandardCharsets.UTF_8));
      }
      Call call = new Call(params, parseQuery(rawQuery), method.equals("DELETE") ? "" : body);
      return account.locked(() -> route.handler().handle(call));
    }
    throw ApiError.notFound("Not found");
  }

  private Pending createMachine(Call call) {
    MachineRequests.Created created = account.machineRequests.create(call.bodyInput());
    FaultPlan.CreateOutcome outcome = created.outcome();
    return switch (outcome.kind()) {
      case ANSWER -> ok(created.body());
      case DELAY_THEN_ANSWER -> new Pending(Answer.of(200, created.body()), outcome.delay());
      case ANSWER_500 -> new Pending(
          Answer.of(500, ApiError.ofStatus(500, "Internal server error").body()), Duration.ZERO);
    };
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.put(name, value);
    }
    return query;
  }

  private ObjectNode session() {
    ObjectNode body = Json.object();
    ObjectNode user = body.putObject("user");
    user.put("firstName", "Sim");
    user.put("lastName", "User");
    user.put("email", "sim-user@example.com");
    user.put("dtCreated", "2024-01-01T00:00:00.000Z");
    user.put("dtConfirmed", "2024-01-01T00:00:00.000Z");
    ObjectNode membership = user.putArray("teamMemberships").addObject();
    ObjectNode team = membership.putObject("team");
    team.put("name", "Simulated team");
    team.put("id", "te0sim01");
    team.put("namespace", "simteam");
    team.putNull("publicProfileImageUrl");
    team.put("isUserTeam", true);
    team.put("dtCreated", "2024-01-01T00:00:00.000Z");
    membership.put("isOwner", true);
    membership.put("isAdmin", true);
    user.put("isPhoneVerified", false);
    user.put("isPasswordAuthEnabled", true);
    user.put("isQrCodeBasedMfaEnabled", false);
    user.put("isQrCodeBasedMfaConfirmed", false);
    user.putNull("preferences");
    user.put("id", "ur0sim01");
    user.put("analyticsId", 4242);
    user.putObject("metadata");
    ObjectNode teamSummary = body.putObject("team");
    teamSummary.put("namespace", "simteam");
    teamSummary.put("isPrivate", false);
    teamSummary.put("maxMachines", 1000);
    teamSummary.put("id", "te0sim01");
    teamSummary.put("analyticsId", 4243);
    return body;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
