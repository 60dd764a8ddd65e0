package dev.remotegpu.paperspace.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.remotegpu.core.RateLimitException;
import dev.remotegpu.core.retry.BackoffPolicy;
import dev.remotegpu.testfixtures.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP 429 with a Retry-After: the next send comes no sooner than asked, measured on the injected time source
 * (a simulated clock here, so a one-hour Retry-After takes milliseconds), and one that asks past the policy's
 * deadline ends the call at once with the deadline named. Before the time source, the client slept its own
 * 1-5 ms backoff for real and sent again at once, whatever the server asked.
 */
class PaperspaceClientRetryAfterTest {
  private static final String KEY = "retry-after-key-7c21";
  private static final String PATH = "/v1/machines/psm9u09bwu5i";

  static WireMockServer server;
  SimulatedClock clock;

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
  void reset() {
    server.resetAll();
    clock = SimulatedClock.at("2026-11-30T07:00:00Z");
  }

  private PaperspaceClient client(BackoffPolicy retries) {
    return new PaperspaceClient(KEY, HttpUrl.get(server.baseUrl() + "/v1"), new OkHttpClient(), retries,
        clock.timeSource());
  }

  private void rateLimitedOnceWith(String retryAfter) {
    server.stubFor(get(PATH).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter)
            .withBody("{\"message\":\"slow down\",\"code\":\"TOO_MANY_REQUESTS\"}"))
        .willSetStateTo("fine"));
    server.stubFor(get(PATH).inScenario("limited").whenScenarioStateIs("fine")
        .willReturn(okJson(PaperspaceClientWireMockTest.MACHINE)));
  }

  @Test
  void aRetryAfterOfOneHourIsWaitedOnTheTimeSourceBeforeTheNextSend() {
    rateLimitedOnceWith("3600");
    Instant start = clock.instant();
    long realStart = System.nanoTime();

    String id = client(BackoffPolicy.httpDefault().deadline(Duration.ofHours(2))).getMachine("psm9u09bwu5i").id();

    assertThat(id).isEqualTo("psm9u09bwu5i");
    server.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofHours(1));
    assertThat(Duration.ofNanos(System.nanoTime() - realStart)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aRetryAfterGivenAsAnHttpDateIsHonouredToo() {
    Instant at = clock.instant().plusSeconds(90);
    rateLimitedOnceWith(DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC)));

    client(BackoffPolicy.httpDefault()).getMachine("psm9u09bwu5i");

    server.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
    assertThat(clock.instant()).isEqualTo(at);
  }

  @Test
  void aRetryAfterPastThePolicysDeadlineEndsTheCallAtOnceNamingTheDeadline() {
    rateLimitedOnceWith("3600");
    Instant start = clock.instant();

    assertThatThrownBy(() -> client(BackoffPolicy.httpDefault()).getMachine("psm9u09bwu5i"))
        .isInstanceOf(RateLimitException.class)
        .satisfies(e -> assertThat(((RateLimitException) e).retryAfter()).contains(Duration.ofHours(1)))
        .satisfies(e -> assertThat(Arrays.stream(e.getSuppressed()).map(Throwable::getMessage))
            .anySatisfy(note -> assertThat(note).contains("GET /machines/psm9u09bwu5i").contains("Retry-After")
                .contains("deadline of PT2M")));
    server.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    assertThat(clock.instant()).isEqualTo(start);
  }
}
