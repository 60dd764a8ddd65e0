package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.remotegpu.core.PublicIpType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaperspaceSimulatorPagingTest extends SimulatorTest {

  @BeforeEach
  void add130Machines() {
    for (int i = 0; i < 130; i++) {
      sim.account().addMachine(MachineSeed.of(String.format("m-%03d", i), "C5", "ny2")
          .withPublicIpType(PublicIpType.NONE));
      clock.advance(Duration.ofSeconds(1));
    }
  }

  private List<String> walk(String query) {
    List<String> names = new ArrayList<>();
    String after = null;
    int pages = 0;
    while (true) {
      String path = "/machines?" + query + (after == null ? "" : "&after=" + URLEncoder.encode(after,
          StandardCharsets.UTF_8));
      SimApi.Reply page = api.get(path);
      assertThat(page.status()).isEqualTo(200);
      page.json("items").forEach(item -> names.add(item.get("name").asText()));
      pages++;
      if (!page.json("hasMore").asBoolean()) {
        assertThat(page.body().has("nextPage")).isFalse();
        break;
      }
      after = page.json("nextPage").asText();
      assertThat(pages).isLessThan(20);
    }
    return names;
  }

  @Test
  void pagesOfAtMost120CoverEveryMachineOnceNewestFirstByDefault() {
    SimApi.Reply first = api.get("/machines?limit=120");
    assertThat(first.json("items")).hasSize(120);
    assertThat(first.json("hasMore").asBoolean()).isTrue();
    assertThat(first.json("items").get(0).get("name").asText()).isEqualTo("m-129");

    List<String> names = walk("limit=120");
    assertThat(names).hasSize(130).doesNotHaveDuplicates();
    assertThat(names.get(0)).isEqualTo("m-129");
    assertThat(names.get(129)).isEqualTo("m-000");
  }

  @Test
  void defaultLimitIs20AndAscendingOrderAndOrderByNameWork() {
    assertThat(api.get("/machines").json("items")).hasSize(20);
    List<String> ascending = walk("order=asc&limit=50");
    assertThat(ascending).hasSize(130).isSorted();
    List<String> byName = walk("orderBy=name&order=asc&limit=7");
    assertThat(byName).hasSize(130).isSorted();
  }

  @Test
  void deletingBetweenPagesNeitherSkipsNorRepeats() {
    SimApi.Reply first = api.get("/machines?limit=60");
    Set<String> seen = new HashSet<>();
    first.json("items").forEach(item -> seen.add(item.get("name").asText()));
    JsonNode lastOnPage = first.json("items").get(59);
    api.delete("/machines/" + lastOnPage.get("id").asText());
    SimApi.Reply second = api.get("/machines?limit=120&after=" + first.json("nextPage").asText());
    second.json("items").forEach(item -> assertThat(seen.add(item.get("name").asText())).isTrue());
    assertThat(seen).hasSize(130);
  }

  @Test
  void limitOutside1To120IsAValidationError() {
    for (String limit : List.of("0", "121", "abc")) {
      SimApi.Reply reply = api.get("/machines?limit=" + limit);
      assertThat(reply.status()).as("limit=" + limit).isEqualTo(400);
      assertThat(reply.json("message").asText()).isEqualTo("Input validation failed");
      assertThat(reply.json("issues").get(0).get("path").get(0).asText()).isEqualTo("limit");
    }
    assertThat(api.get("/machines?order=sideways").json("issues").get(0).get("code").asText())
        .isEqualTo("invalid_enum_value");
    assertThat(api.get("/machines?after=bogus!").status()).isEqualTo(400);
  }

  @Test
  void filtersByNameRegionAndMachineType() {
    assertThat(api.get("/machines?name=m-007").json("items")).hasSize(1);
    assertThat(api.get("/machines?region=NY2&limit=5").json("items")).hasSize(5);
    assertThat(api.get("/machines?region=ca1").json("items")).isEmpty();
    assertThat(api.get("/machines?machineType=A4000").json("items")).isEmpty();
  }
}
