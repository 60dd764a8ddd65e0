package dev.remotegpu.paperspace.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.remotegpu.core.Billable;
import dev.remotegpu.core.Money;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Attacks on the priced listing: a machine's public IP that GET /public-ips does not list must still bill. */
class BillablesAttack2Test {
  WireMockServer server;
  PaperspaceClient client;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    client = new PaperspaceClient(PaperspaceClientWireMockTest.KEY, HttpUrl.get(server.baseUrl() + "/v1"),
        new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build(), 3, Duration.ofMillis(1),
        Duration.ofMillis(5));
    for (String path : List.of("/v1/public-ips", "/v1/snapshots", "/v1/shared-drives", "/v1/custom-templates")) {
      server.stubFor(get(urlPathEqualTo(path)).willReturn(okJson("{\"items\":[],\"hasMore\":false}")));
    }
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private List<Billable> listWith(String machineJson) {
    server.stubFor(get(urlPathEqualTo("/v1/machines"))
        .willReturn(okJson("{\"items\":[" + machineJson + "],\"hasMore\":false}")));
    return new PaperspaceBillables(PaperspaceProfile.get().billing()).list(client);
  }

  @Test
  void aStoppedMachinesStaticIpMissingFromThePublicIpListStillBillsItsCappedRate() {
    List<Billable> billables = listWith(PaperspaceClientWireMockTest.MACHINE.replace("\"ready\"", "\"off\""));
    assertThat(billables).filteredOn(b -> b.id().equals("203.0.113.10")).singleElement().satisfies(ip -> {
      assertThat(ip.priceKnown()).isTrue();
      assertThat(ip.billingRule()).contains("static-public-ip");
      assertThat(ip.rate().perMonth()).isEqualTo(Money.usd("3.00"));
      assertThat(ip.machineId()).contains("psm9u09bwu5i");
    });
  }

  @Test
  void aRunningMachinesAddressOfUnknownTypeIsListedWithItsPriceUnknown() {
    List<Billable> billables = listWith(PaperspaceClientWireMockTest.MACHINE
        .replace("\"publicIpType\":\"static\"", "\"publicIpType\":null"));
    assertThat(billables).filteredOn(b -> b.id().equals("203.0.113.10")).singleElement().satisfies(ip -> {
      assertThat(ip.priceKnown()).isFalse();
      assertThat(ip.unknownPrice()).hasValueSatisfying(why -> assertThat(why).contains("publicIpType"));
    });
  }
}
