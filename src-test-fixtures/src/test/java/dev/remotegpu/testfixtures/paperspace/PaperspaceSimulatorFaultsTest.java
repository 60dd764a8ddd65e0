package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PaperspaceSimulatorFaultsTest extends SimulatorTest {

  private SimApi.Reply create(String type, String region) {
    return api.post("/machines", SimApi.createBody("cap", type, region, "static"));
  }

  @Test
  void create400ForTheFirstThreeCreatesOfThePairThenSuccess() {
    sim.faults().noCapacity("A4000", "ny2", 3, CapacityFailure.CREATE_400);
    assertThat(api.get("/machine-availability?machineType=A4000&region=ny2").json("available").asBoolean())
        .isTrue();
    for (int i = 0; i < 3; i++) {
      SimApi.Reply reply = create("a4000", "East Coast (NY2)");
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json("code").asText()).isEqualTo("BAD_REQUEST");
      assertThat(reply.json("message").asText()).contains("out of capacity");
      assertThat(create("A4000", "ca1").status()).as("another region is unaffected").isEqualTo(200);
    }
    assertThat(create("A4000", "ny2").status()).isEqualTo(200);
    assertThat(sim.account().machines()).hasSize(4);
    assertThat(sim.account().publicIps()).as("failed creates claim no IP").hasSize(4);
  }

  @Test
  void availabilityFalseUntilTheScriptedFailuresAreUsed() {
    sim.faults().noCapacity("H100", "ny2", 2, CapacityFailure.AVAILABILITY_FALSE);
    assertThat(api.get("/machine-availability?machineType=h100&region=NY2").json("available").asBoolean())
        .isFalse();
    assertThat(api.get("/machine-availability?machineType=H100&region=ca1").json("available").asBoolean())
        .isTrue();
    JsonNode ubuntu = api.get("/os-templates?name=Ubuntu%2022.04").json("items").get(0);
    boolean h100Available = false;
    for (JsonNode type : ubuntu.get("availableMachineTypes")) {
      if (type.get("machineTypeLabel").asText().equals("H100")) {
        h100Available = type.get("isAvailable").asBoolean();
      }
    }
    assertThat(h100Available).isFalse();
    assertThat(create("H100", "ny2").json("message").asText()).contains("out of capacity");
    assertThat(create("H100", "ny2").status()).isEqualTo(400);
    assertThat(api.get("/machine-availability?machineType=H100&region=ny2").json("available").asBoolean())
        .isTrue();
    assertThat(create("H100", "ny2").status()).isEqualTo(200);
  }

  @Test
  void createEventErrorMakesTheMachineThenFailsItsEventAndRemovesIt() {
    sim.faults().noCapacity("A6000", "ams1", 1, CapacityFailure.CREATE_EVENT_ERROR);
    SimApi.Reply reply = create("A6000", "ams1");
    assertThat(reply.status()).isEqualTo(200);
    String id = reply.json("data").get("id").asText();
    String eventId = reply.json("event").get("id").asText();
    assertThat(sim.account().machine(id)).isPresent();

    clock.advance(Duration.ofSeconds(30));

    JsonNode event = api.get("/machine-events/" + eventId).body();
    assertThat(event.get("state").asText()).isEqualTo("error");
    assertThat(event.get("error").asText()).contains("out of capacity");
    assertThat(api.get("/machines/" + id).status()).isEqualTo(404);
    assertThat(sim.account().publicIps()).isEmpty();
    assertThat(create("A6000", "ams1").status()).isEqualTo(200);
  }

  @Test
  void noCapacityOnStartKeepsTheMachineOffForTheScriptedStarts() {
    String id = create("A100", "ny2").json("data").get("id").asText();
    clock.advance(Duration.ofMinutes(2));
    api.patch("/machines/" + id + "/stop", "", "text/plain");
    clock.advance(Duration.ofMinutes(1));
    sim.faults().noCapacityOnStart("a100", "NY2", 1);

    SimApi.Reply refused = api.patch("/machines/" + id + "/start", "", "text/plain");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json("message").asText()).contains("out of capacity");
    assertThat(sim.account().machine(id).orElseThrow().state()).isEqualTo("off");
    assertThat(api.patch("/machines/" + id + "/start", "", "text/plain").status()).isEqualTo(200);
  }

  @Test
  void failNextAndRateLimitNextAnswerTheNextRequestsWhateverThePath() {
    sim.faults().failNext(2, 503).rateLimitNext(1);
    SimApi.Reply first = api.get("/machines");
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.json("code").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
    assertThat(api.get("/os-templates").status()).isEqualTo(503);
    SimApi.Reply limited = api.get("/machines");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(api.get("/machines").status()).isEqualTo(200);

    sim.faults().failNext(1, 500);
    assertThat(create("A4000", "ny2").status()).isEqualTo(500);
    assertThat(sim.account().machines()).as("a request-level 500 commits nothing").isEmpty();
  }

  @Test
  void createCommitsThenTimesOutLeavesTheMachineInTheAccount() {
    sim.faults().createCommitsThenTimesOut(1, Duration.ofMillis(1500));
    assertThatThrownBy(() -> api.postWithTimeout("/machines",
        SimApi.createBody("slow", "A4000", "ny2", "static"), Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(sim.account().machines()).singleElement()
        .satisfies(m -> assertThat(m.name()).isEqualTo("slow"));
    assertThat(api.get("/machines?name=slow").json("items")).hasSize(1);
    assertThat(sim.requestCount("POST", "/v1/machines")).isEqualTo(1);
  }

  @Test
  void createCommitsThen5xxLeavesTheMachineInTheAccount() {
    sim.faults().createCommitsThen5xx(2);
    assertThat(create("A4000", "ny2").status()).isEqualTo(500);
    assertThat(create("A4000", "ny2").status()).isEqualTo(500);
    assertThat(create("A4000", "ny2").status()).isEqualTo(200);
    assertThat(sim.account().machines()).hasSize(3);
  }

  @Test
  void slowResponsesDelayButStillAnswer() {
    sim.faults().slowResponses(Duration.ofMillis(50));
    assertThat(api.get("/machines").status()).isEqualTo(200);
    sim.faults().slowResponses(Duration.ZERO);
    assertThat(api.get("/machines").status()).isEqualTo(200);
  }

  @Test
  void accountNotInGoodStandingIsReportedAndBlocksCreates() {
    assertThat(api.get("/billing/account-standing").json("isInGoodStanding").asBoolean()).isTrue();
    sim.settings().accountStanding(false);
    SimApi.Reply standing = api.get("/billing/account-standing");
    assertThat(standing.json("isInGoodStanding").asBoolean()).isFalse();
    assertThat(standing.json("messages")).isNotEmpty();
    SimApi.Reply refused = create("A4000", "ny2");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json("code").asText()).isEqualTo("FORBIDDEN");
  }
}
