package dev.remotegpu.paperspace.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.remotegpu.core.AuthenticationException;
import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.RateLimitException;
import dev.remotegpu.core.ServerException;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.retry.BackoffPolicy;
import dev.remotegpu.paperspace.internal.ApiTypes.CreateMachine;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineJson;
import dev.remotegpu.paperspace.internal.ApiTypes.Wrapped;
import dev.remotegpu.testfixtures.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against WireMock stubs that answer with the real API's exact JSON shapes. */
class PaperspaceClientWireMockTest {
  static final String KEY = "ps-wiremock-key-7d3e91";

  static final String MACHINE = """
      {"id":"psm9u09bwu5i","name":"train-01","state":"ready","os":"Ubuntu 22.04",
       "machineType":"A4000","agentType":"LinuxHeadless","cpus":8,"ram":48318382080,
       "storageTotal":107374182400,"storageUsed":0,
       "accelerators":[{"name":"A4000","memory":16384,"count":1}],
       "region":"ny2","privateIp":"10.10.0.5","networkId":"nwhoe4ox",
       "publicIp":"203.0.113.10","publicIpType":"static",
       "autoShutdownEnabled":true,"autoShutdownTimeout":3,"autoShutdownForce":false,
       "autoSnapshotEnabled":false,"autoSnapshotFrequency":null,"autoSnapshotSaveCount":null,
       "updatesPending":false,"restorePointEnabled":false,"restorePointFrequency":null,
       "restorePointSnapshotId":null,"usageRate":0.76,"storageRate":0.0,
       "dtCreated":"2024-08-02T10:00:00.000Z","dtModified":"2024-08-02T10:05:00.000Z",
       "dtDeleted":null,"reservation":null}
      """;

  static final String EVENT = """
      {"id":"evt123","name":"create","state":"new","machineId":"psm9u09bwu5i",
       "dtCreated":"2024-08-02T10:00:00.000Z","dtStarted":null,"dtFinished":null,"error":null}
      """;

  static WireMockServer server;
  PaperspaceClient client;

  @BeforeAll
  static void startServer() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void start() {
    server.resetAll();
    client = new PaperspaceClient(KEY, HttpUrl.get(server.baseUrl() + "/v1"),
        new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build(), 3, Duration.ofMillis(1),
        Duration.ofMillis(5));
  }

  static String machine(String id, String name) {
    return MACHINE.replace("psm9u09bwu5i", id).replace("train-01", name);
  }

  @Test
  void getMachineReadsTheBareObjectAndSendsTheBearerKey() {
    server.stubFor(get("/v1/machines/psm9u09bwu5i").willReturn(okJson(MACHINE)));

    MachineJson json = client.getMachine("psm9u09bwu5i");
    PaperspaceMachine m = new PaperspaceMachine(json, client, Duration.ofMillis(10));

    assertThat(m.id()).isEqualTo("psm9u09bwu5i");
    assertThat(m.name()).isEqualTo("train-01");
    assertThat(m.state()).isEqualTo(MachineState.READY);
    assertThat(m.publicIp()).contains("203.0.113.10");
    assertThat(m.publicIpType()).isEqualTo(PublicIpType.STATIC);
    assertThat(m.autoShutdown()).contains(Duration.ofHours(3));
    assertThat(m.ssh()).hasValueSatisfying(s -> assertThat(s.toString()).isEqualTo("paperspace@203.0.113.10:22"));
    assertThat(m.createdAt()).hasToString("2024-08-02T10:00:00Z");
    assertThat(json.ram()).isEqualTo(48318382080L);
    assertThat(json.accelerators()).singleElement().satisfies(a -> assertThat(a.memory()).isEqualTo(16384L));
    server.verify(getRequestedFor(urlPathEqualTo("/v1/machines/psm9u09bwu5i"))
        .withHeader("Authorization", equalTo("Bearer " + KEY)));
  }

  @Test
  void createSendsOnlyTheGivenFieldsAndReadsTheDataEventWrapper() {
    server.stubFor(post("/v1/machines").willReturn(okJson("{\"data\":" + MACHINE + ",\"event\":" + EVENT + "}")));

    Wrapped<MachineJson> created = client.createMachine(new CreateMachine("train-01", "A4000", "t0nspur5", 100,
        "ny2", null, "static", null, null, null, true, 3, true, null, null, null, null, false, true, null, null));

    assertThat(created.data().id()).isEqualTo("psm9u09bwu5i");
    assertThat(created.event().id()).isEqualTo("evt123");
    assertThat(created.event().state()).isEqualTo("new");
    server.verify(postRequestedFor(urlPathEqualTo("/v1/machines")).withRequestBody(equalToJson("""
        {"name":"train-01","machineType":"A4000","templateId":"t0nspur5","diskSize":100,"region":"ny2",
         "publicIpType":"static","autoShutdownEnabled":true,"autoShutdownTimeout":3,"autoShutdownForce":true,
         "emailPassword":false,"startOnCreate":true}
        """)));
  }

  @Test
  void listingFollowsTheCursorAcrossEveryPage() {
    server.stubFor(get(urlPathEqualTo("/v1/machines")).withQueryParam("after", absent())
        .willReturn(okJson("{\"items\":[" + machine("ps1", "a") + "," + machine("ps2", "b")
            + "],\"hasMore\":true,\"nextPage\":\"cur-2\"}")));
    server.stubFor(get(urlPathEqualTo("/v1/machines")).withQueryParam("after", equalTo("cur-2"))
        .willReturn(okJson("{\"items\":[" + machine("ps3", "c") + "],\"hasMore\":true,\"nextPage\":\"cur-3\"}")));
    server.stubFor(get(urlPathEqualTo("/v1/machines")).withQueryParam("after", equalTo("cur-3"))
        .willReturn(okJson("{\"items\":[" + machine("ps4", "d") + "],\"hasMore\":false,\"nextPage\":null}")));

    List<MachineJson> all = client.listMachines(Map.of("region", "ny2"));

    assertThat(all).extracting(MachineJson::id).containsExactly("ps1", "ps2", "ps3", "ps4");
    server.verify(3, getRequestedFor(urlPathEqualTo("/v1/machines")).withQueryParam("region", equalTo("ny2")));
  }

  @Test
  void errorBodiesBecomeTypedExceptions() {
    server.stubFor(get("/v1/machines/bad-key").willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Unauthorized\",\"code\":\"UNAUTHORIZED\"}")));
    server.stubFor(get("/v1/machines/gone").willReturn(aResponse().withStatus(404)
        .withBody("{\"message\":\"Not found\",\"code\":\"NOT_FOUND\"}")));
    server.stubFor(post("/v1/machines").willReturn(aResponse().withStatus(400).withBody("""
        {"message":"Input validation failed","code":"BAD_REQUEST",
         "issues":[{"code":"invalid_type","expected":"string","received":"undefined","path":["templateId"],"message":"Required"}]}
        """)));
    server.stubFor(put("/v1/machines/full").willReturn(aResponse().withStatus(400).withBody(
        "{\"message\":\"We are currently out of capacity for the selected machine type A4000.\",\"code\":\"BAD_REQUEST\"}")));

    assertThatThrownBy(() -> client.getMachine("bad-key")).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("401").hasMessageContaining("PAPERSPACE_API_KEY").hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> client.getMachine("gone")).isInstanceOf(NotFoundException.class)
        .satisfies(e -> assertThat(((NotFoundException) e).resourceId()).contains("gone"));
    assertThatThrownBy(() -> client.createMachine(new CreateMachine("n", "A4000", null, 100, "ny2", null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null)))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).issues())
            .containsExactly(new ValidationException.Issue("templateId", "Required")));
    assertThatThrownBy(() -> client.updateMachine("full", new ApiTypes.UpdateMachine(null, "A4000", null, null,
        null, null, null, null, null, null, null, null, null, null)))
        .isInstanceOf(CapacityUnavailableException.class).hasMessageContaining("out of capacity");
  }

  @Test
  void aKeyEchoedInAnErrorBodyIsRedactedFromTheParsedMessageAndIssues() {
    server.stubFor(get("/v1/machines/echo").willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Invalid key " + KEY + "\",\"code\":\"UNAUTHORIZED\"}")));
    server.stubFor(put("/v1/machines/echo").willReturn(aResponse().withStatus(400).withBody(
        "{\"message\":\"Input validation failed\",\"code\":\"BAD_REQUEST\",\"issues\":[{\"path\":[\"name\"],"
            + "\"message\":\"must not look like " + KEY + "\"}]}")));

    assertThatThrownBy(() -> client.getMachine("echo")).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Invalid key <redacted>").hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> client.updateMachine("echo", new ApiTypes.UpdateMachine("n", null, null, null,
        null, null, null, null, null, null, null, null, null, null)))
        .isInstanceOf(ValidationException.class).hasMessageNotContaining(KEY)
        .satisfies(e -> assertThat(((ValidationException) e).issues())
            .allSatisfy(issue -> assertThat(issue.message()).doesNotContain(KEY).contains("<redacted>")));
  }

  @Test
  void readsAreRetriedOn5xxAndRateLimitsThenSucceed() {
    server.stubFor(get("/v1/machines/psm9u09bwu5i").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"boom\",\"code\":\"INTERNAL_SERVER_ERROR\"}"))
        .willSetStateTo("limited"));
    server.stubFor(get("/v1/machines/psm9u09bwu5i").inScenario("flaky").whenScenarioStateIs("limited")
        .willReturn(aResponse().withStatus(429).withBody("{\"message\":\"slow down\",\"code\":\"TOO_MANY_REQUESTS\"}"))
        .willSetStateTo("fine"));
    server.stubFor(get("/v1/machines/psm9u09bwu5i").inScenario("flaky").whenScenarioStateIs("fine")
        .willReturn(okJson(MACHINE)));

    assertThat(client.getMachine("psm9u09bwu5i").id()).isEqualTo("psm9u09bwu5i");
    server.verify(3, getRequestedFor(urlPathEqualTo("/v1/machines/psm9u09bwu5i")));
  }

  @Test
  void persistentFailuresEndAsTypedExceptionsAfterTheConfiguredAttempts() {
    server.stubFor(get("/v1/machines/busy").willReturn(aResponse().withStatus(429)
        .withBody("{\"message\":\"Too many requests\",\"code\":\"TOO_MANY_REQUESTS\"}")));
    server.stubFor(get("/v1/machines/broken").willReturn(aResponse().withStatus(503)
        .withBody("<html>bad gateway</html>")));

    assertThatThrownBy(() -> client.getMachine("busy")).isInstanceOf(RateLimitException.class);
    assertThatThrownBy(() -> client.getMachine("broken")).isInstanceOf(ServerException.class)
        .hasMessageContaining("503");
    server.verify(3, getRequestedFor(urlPathEqualTo("/v1/machines/busy")));
    server.verify(3, getRequestedFor(urlPathEqualTo("/v1/machines/broken")));
  }

  @Test
  void aCreateIsNeverRepeatedOnAServerErrorOrATimeout() {
    server.stubFor(post("/v1/machines").withRequestBody(equalToJson("{\"name\":\"five\"}", true, true))
        .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"oops\",\"code\":\"INTERNAL_SERVER_ERROR\"}")));
    server.stubFor(post("/v1/machines").withRequestBody(equalToJson("{\"name\":\"slow\"}", true, true))
        .willReturn(okJson("{\"data\":" + MACHINE + ",\"event\":" + EVENT + "}").withFixedDelay(2000)));

    AtomicInteger sent = new AtomicInteger();
    PaperspaceClient counted = new PaperspaceClient(KEY, HttpUrl.get(server.baseUrl() + "/v1"),
        new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500))
            .addNetworkInterceptor(chain -> {
              sent.incrementAndGet();
              return chain.proceed(chain.request());
            }).build(), 3, Duration.ofMillis(1), Duration.ofMillis(5));

    assertThatThrownBy(() -> counted.createMachine(create("five"))).isInstanceOf(ServerException.class);
    assertThat(sent).hasValue(1);
    assertThatThrownBy(() -> counted.createMachine(create("slow"))).isInstanceOf(ServerException.class)
        .hasMessageContaining("may or may not have taken effect");
    assertThat(sent).hasValue(2);
  }

  @Test
  void unassigningAPublicIpSendsAnExplicitNullAndReleaseUsesDelete() {
    server.stubFor(put("/v1/public-ips/203.0.113.10").willReturn(okJson(
        "{\"ip\":\"203.0.113.10\",\"region\":\"ny2\",\"dtCreated\":\"2024-08-02T10:00:00.000Z\"}")));
    server.stubFor(delete("/v1/public-ips/203.0.113.10").willReturn(okJson("{\"ip\":\"203.0.113.10\"}")));

    assertThat(client.assignPublicIp("203.0.113.10", null).assignedMachineId()).isNull();
    assertThat(client.releasePublicIp("203.0.113.10").ip()).isEqualTo("203.0.113.10");
    server.verify(putRequestedFor(urlPathEqualTo("/v1/public-ips/203.0.113.10"))
        .withRequestBody(equalToJson("{\"machineId\":null}")));
    server.verify(deleteRequestedFor(urlPathEqualTo("/v1/public-ips/203.0.113.10")));
  }

  @Test
  void everyApiStateMapsToItsPortableStateAndUnknownOnesAreKeptRaw() {
    assertThat(PaperspaceMachine.state("off")).isEqualTo(MachineState.OFF);
    assertThat(PaperspaceMachine.state("starting")).isEqualTo(MachineState.STARTING);
    assertThat(PaperspaceMachine.state("stopping")).isEqualTo(MachineState.STOPPING);
    assertThat(PaperspaceMachine.state("restarting")).isEqualTo(MachineState.RESTARTING);
    assertThat(PaperspaceMachine.state("serviceready")).isEqualTo(MachineState.SERVICE_READY);
    assertThat(PaperspaceMachine.state("ready")).isEqualTo(MachineState.READY);
    assertThat(PaperspaceMachine.state("upgrading")).isEqualTo(MachineState.UPGRADING);
    assertThat(PaperspaceMachine.state("provisioning")).isEqualTo(MachineState.PROVISIONING);
    assertThat(PaperspaceMachine.state("Inaccessible")).isEqualTo(MachineState.UNRECOGNIZED);
  }

  @Test
  void regionsAcceptShortUpperAndLongNames() {
    assertThat(Regions.code("NY2")).contains("ny2");
    assertThat(Regions.code("West Coast (CA1)")).contains("ca1");
    assertThat(Regions.code("Europe (AMS1)")).contains("ams1");
    assertThat(Regions.code("fra1")).isEmpty();
  }

  private static CreateMachine create(String name) {
    return new CreateMachine(name, "A4000", "t0nspur5", 100, "ny2", null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  private static final String RETRY_PATH = "/v1/machines/psm9u09bwu5i";

  /**
   * A client whose waits land on {@code clock}: before the time source, the client slept its own 1-5 ms backoff
   * for real and sent again at once, whatever a Retry-After asked.
   */
  private static PaperspaceClient clientOn(SimulatedClock clock, BackoffPolicy retries) {
    return new PaperspaceClient(KEY, HttpUrl.get(server.baseUrl() + "/v1"), new OkHttpClient(), retries,
        clock.timeSource());
  }

  /** GET {@value #RETRY_PATH} answers 429 with {@code retryAfter} once, then the machine. */
  private static void rateLimitedOnceWith(String retryAfter) {
    server.stubFor(get(RETRY_PATH).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter)
            .withBody("{\"message\":\"slow down\",\"code\":\"TOO_MANY_REQUESTS\"}"))
        .willSetStateTo("fine"));
    server.stubFor(get(RETRY_PATH).inScenario("limited").whenScenarioStateIs("fine")
        .willReturn(okJson(MACHINE)));
  }

  @Test
  void aRetryAfterOfOneHourIsWaitedOnTheTimeSourceBeforeTheNextSend() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T07:00:00Z");
    rateLimitedOnceWith("3600");
    Instant start = clock.instant();
    long realStart = System.nanoTime();

    PaperspaceClient patient = clientOn(clock, BackoffPolicy.httpDefault().deadline(Duration.ofHours(2)));

    String id = patient.getMachine("psm9u09bwu5i").id();

    assertThat(id).isEqualTo("psm9u09bwu5i");
    server.verify(2, getRequestedFor(urlPathEqualTo(RETRY_PATH)));
    assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofHours(1));
    assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aRetryAfterGivenAsAnHttpDateIsHonouredToo() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T07:00:00Z");
    Instant at = clock.instant().plusSeconds(90);
    rateLimitedOnceWith(DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC)));

    clientOn(clock, BackoffPolicy.httpDefault()).getMachine("psm9u09bwu5i");

    server.verify(2, getRequestedFor(urlPathEqualTo(RETRY_PATH)));
    assertThat(clock.instant()).isEqualTo(at);
  }

  @Test
  void aRetryAfterPastThePolicysDeadlineEndsTheCallAtOnceNamingTheDeadline() {
    SimulatedClock clock = SimulatedClock.at("2026-11-30T07:00:00Z");
    rateLimitedOnceWith("3600");
    Instant start = clock.instant();

    assertThatThrownBy(() -> clientOn(clock, BackoffPolicy.httpDefault()).getMachine("psm9u09bwu5i"))
        .isInstanceOf(RateLimitException.class)
        .satisfies(e -> assertThat(((RateLimitException) e).retryAfter()).contains(Duration.ofHours(1)))
        .satisfies(e -> assertThat(Arrays.stream(e.getSuppressed()).map(Throwable::getMessage))
            .anySatisfy(note -> assertThat(note).contains("GET /machines/psm9u09bwu5i").contains("Retry-After")
                .contains("deadline of PT2M")));
    server.verify(1, getRequestedFor(urlPathEqualTo(RETRY_PATH)));
    assertThat(clock.instant()).isEqualTo(start);
  }
}
