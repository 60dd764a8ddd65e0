package dev.remotegpu.paperspace.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.cost.BudgetDecision;
import dev.remotegpu.core.cost.BudgetGuard;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.platform.BilledHistory;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.testfixtures.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the budget guard through rates the API does not give: the API's own machine example has
 * {@code "storageRate":0.0}, and a machine may come without a {@code usageRate}. The guard was told the rates the
 * caller expects; it must not count what the platform leaves unpriced as free, nor stop guarding.
 */
class BudgetGuardAttack2Test {
  private static final Rate COMPUTE = Rate.hourly(Money.usd("0.76"));
  private static final Rate DISK = Rate.monthly(Money.usd("73.00")); // $0.10 per hour: a 2 TB class volume

  WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private PaperspacePlatform platformServing(String machine) {
    String event = """
        {"id":"evt1","name":"create","state":"done","machineId":"psm9u09bwu5i",
         "dtCreated":"2024-08-02T10:00:00.000Z","dtStarted":"2024-08-02T10:00:00.000Z",
         "dtFinished":"2024-08-02T10:01:00.000Z","error":null}
        """;
    server.stubFor(get(urlPathEqualTo("/v1/machines/psm9u09bwu5i")).willReturn(okJson(machine)));
    server.stubFor(get(urlPathEqualTo("/v1/machine-events"))
        .willReturn(okJson("{\"items\":[" + event + "],\"hasMore\":false}")));
    return PaperspacePlatform.builder().apiKey("k").baseUrl(server.baseUrl() + "/v1")
        .clock(SimulatedClock.at("2024-08-02T14:30:00Z")).ledger(LaunchLedgers.inMemory())
        .checkAccountStanding(false).build();
  }

  @Test
  void aDiskTheApiGivesNoPriceIsChargedAtTheGuardsRateNotAtNothing() {
    PaperspacePlatform platform = platformServing(PaperspaceClientWireMockTest.MACHINE); // "storageRate":0.0
    // Six hours of compute and a cent: enough only if the disk were free. With the disk, 10:00 to 16:00 is over.
    Money budget = COMPUTE.perHour().times(6).plus(Money.usd("0.01"));
    BudgetGuard guard = BudgetGuard.of(budget, Duration.ofHours(1), COMPUTE, DISK);
    BilledHistory history = platform.billedHistory("psm9u09bwu5i").orElseThrow();

    BudgetDecision decision = guard.decide(history, Instant.parse("2024-08-02T14:30:00Z"));

    // Before the fix: the disk counted $0, so the guard let the run into an hour the budget cannot pay for.
    assertThat(decision.atNextCheckpoint()).isEqualTo(COMPUTE.perHour().plus(DISK.perHour()).times(6));
    assertThat(decision.stop()).isTrue();
    assertThat(decision.reason()).contains("disk").contains("the guard's rate");
  }

  @Test
  void aMachineTheApiGivesNoComputePriceIsStillGuardedAtTheGuardsRate() {
    PaperspacePlatform platform = platformServing(PaperspaceClientWireMockTest.MACHINE
        .replace("\"usageRate\":0.76", "\"usageRate\":null"));
    Money budget = COMPUTE.perHour().times(6).plus(Money.usd("0.01"));
    BudgetGuard guard = BudgetGuard.of(budget, Duration.ofHours(1), COMPUTE, DISK);

    // Before the fix: no history at all, so the guard's check returned nothing and never stopped the machine.
    BilledHistory history = platform.billedHistory("psm9u09bwu5i").orElseThrow();
    BudgetDecision decision = guard.decide(history, Instant.parse("2024-08-02T14:30:00Z"));

    assertThat(decision.atNextCheckpoint()).isEqualTo(COMPUTE.perHour().plus(DISK.perHour()).times(6));
    assertThat(decision.stop()).isTrue();
    assertThat(decision.reason()).contains("compute").contains("the guard's rate");
  }
}
