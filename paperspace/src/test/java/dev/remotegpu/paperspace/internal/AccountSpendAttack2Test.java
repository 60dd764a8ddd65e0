package dev.remotegpu.paperspace.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.cost.AccountSpend;
import dev.remotegpu.core.cost.SpendMeter;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.paperspace.PaperspacePlatform;
import dev.remotegpu.testfixtures.SimulatedClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Attack on the account's spend: a disk whose price the API does not give must not be counted as free. */
class AccountSpendAttack2Test {
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

  @Test
  void aListedMachinesDiskWithoutAStorageRateMakesTheAccountsSpendUnknownNotFree() {
    String machine = PaperspaceClientWireMockTest.MACHINE; // the API's own example: "storageRate":0.0
    String event = """
        {"id":"evt1","name":"create","state":"done","machineId":"psm9u09bwu5i",
         "dtCreated":"2024-08-02T10:00:00.000Z","dtStarted":"2024-08-02T10:00:00.000Z",
         "dtFinished":"2024-08-02T10:01:00.000Z","error":null}
        """;
    server.stubFor(get(urlPathEqualTo("/v1/machines"))
        .willReturn(okJson("{\"items\":[" + machine + "],\"hasMore\":false}")));
    server.stubFor(get(urlPathEqualTo("/v1/machines/psm9u09bwu5i")).willReturn(okJson(machine)));
    server.stubFor(get(urlPathEqualTo("/v1/machine-events"))
        .willReturn(okJson("{\"items\":[" + event + "],\"hasMore\":false}")));
    server.stubFor(get(urlPathEqualTo("/v1/public-ips")).willReturn(okJson("""
        {"items":[{"ip":"203.0.113.10","assignedMachineId":"psm9u09bwu5i","region":"ny2"}],"hasMore":false}
        """)));
    for (String path : List.of("/v1/snapshots", "/v1/shared-drives", "/v1/custom-templates")) {
      server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("{\"items\":[],\"hasMore\":false}")));
    }
    SimulatedClock clock = SimulatedClock.at("2024-08-02T15:30:00Z");
    PaperspacePlatform platform = PaperspacePlatform.builder().apiKey("k").baseUrl(server.baseUrl() + "/v1")
        .clock(clock).ledger(LaunchLedgers.inMemory()).checkAccountStanding(false).build();

    assertThat(platform.audit().item(PaperspaceBillables.diskId("psm9u09bwu5i")).orElseThrow().priceKnown())
        .as("the audit itself says the disk's price is unknown").isFalse();

    AccountSpend account = SpendMeter.account(platform, Instant.parse("2024-08-02T15:30:00Z"));
    assertThat(account.machines()).hasSize(1);
    assertThat(account.summary()).contains("unknown");
    assertThat(account.othersUnknown()).isTrue();
    assertThat(account.others()).anySatisfy(i -> assertThat(i.billable().kind()).isEqualTo(BillableKind.BLOCK_STORAGE));
  }
}
