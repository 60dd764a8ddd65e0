package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The simulator a user's first test gets: fast on the real clock (the default's 30 s steps would take 90 s to
 * ready; these take about 0.3 s, with a 10 s bound for a loaded machine), loopback addresses.
 */
class PaperspaceSimulatorForTestsTest {

  @Test
  void aCreatedMachineIsReadyInSecondsNotMinutesOnALoopbackAddress() throws Exception {
    try (PaperspaceSimulator sim = PaperspaceSimulator.forTests().build().start()) {
      SimApi api = new SimApi(sim);
      JsonNode created = api.post("/machines", SimApi.createBody("first", "A4000", "ny2", "static")).json("data");
      String id = created.get("id").asText();
      assertThat(created.get("publicIp").asText()).startsWith("127.0.0.");

      long start = System.nanoTime();
      while (!api.get("/machines/" + id).json("state").asText().equals("ready")) {
        assertThat(System.nanoTime() - start).as("time to ready").isLessThan(TimeUnit.SECONDS.toNanos(10));
        Thread.sleep(20);
      }
    }
  }
}
