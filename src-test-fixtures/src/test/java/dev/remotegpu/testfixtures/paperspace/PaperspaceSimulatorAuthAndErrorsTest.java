package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperspaceSimulatorAuthAndErrorsTest extends SimulatorTest {

  @Override
  PaperspaceSimulator.Builder configure(PaperspaceSimulator.Builder builder) {
    return builder.apiKey("sim-key-123");
  }

  private static List<String> issuePaths(SimApi.Reply reply) {
    List<String> paths = new ArrayList<>();
    reply.json("issues").forEach(issue -> paths.add(issue.get("path").get(0).asText()));
    return paths;
  }

  @Test
  void wrongOrMissingKeyIs401UnauthorizedButSessionIs200Null() {
    SimApi.Reply wrong = api.withKey("not-the-key").get("/machines");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json("code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(wrong.json("message").asText()).doesNotContain("not-the-key");
    assertThat(api.withKey(null).get("/billing/account-standing").status()).isEqualTo(401);

    SimApi.Reply session = api.withKey("not-the-key").get("/auth/session");
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.body().isNull()).isTrue();
    assertThat(api.get("/auth/session").json("team").get("namespace").asText()).isEqualTo("simteam");
  }

  @Test
  void osTemplatesArePublicAndListTheMachineTypes() {
    SimApi.Reply templates = api.withKey(null).get("/os-templates?limit=120");
    assertThat(templates.status()).isEqualTo(200);
    JsonNode ubuntu = null;
    for (JsonNode template : templates.json("items")) {
      if (template.get("id").asText().equals("t0nspur5")) {
        ubuntu = template;
      }
    }
    assertThat(ubuntu).isNotNull();
    assertThat(ubuntu.get("name").asText()).isEqualTo("Ubuntu 22.04");
    List<String> labels = new ArrayList<>();
    ubuntu.get("availableMachineTypes").forEach(t -> labels.add(t.get("machineTypeLabel").asText()));
    assertThat(labels).contains("A4000", "A5000", "A6000", "P4000", "RTX4000", "A100", "A100-80G", "H100", "C5");
  }

  @Test
  void missingCreateFieldsAreZodIssuesNamingEachField() {
    SimApi.Reply reply = api.post("/machines", "{}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(reply.json("message").asText()).isEqualTo("Input validation failed");
    assertThat(issuePaths(reply)).containsExactly("name", "machineType", "templateId", "diskSize", "region");
    JsonNode first = reply.json("issues").get(0);
    assertThat(first.get("code").asText()).isEqualTo("invalid_type");
    assertThat(first.get("message").asText()).isEqualTo("Required");
    assertThat(first.get("received").asText()).isEqualTo("undefined");
  }

  @Test
  void badValuesAreIssuesOnTheirFields() {
    SimApi.Reply negative = api.post("/machines", "{\"name\":\"x\",\"machineType\":\"A4000\","
        + "\"templateId\":\"t0nspur5\",\"diskSize\":-5,\"region\":\"ny2\",\"publicIpType\":\"elastic\"}");
    assertThat(issuePaths(negative)).containsExactly("diskSize", "publicIpType");
    assertThat(negative.json("issues").get(0).get("code").asText()).isEqualTo("too_small");
    assertThat(negative.json("issues").get(1).get("code").asText()).isEqualTo("invalid_enum_value");

    SimApi.Reply semantic = api.post("/machines", "{\"name\":\"x\",\"machineType\":\"Z9000\","
        + "\"templateId\":\"t0nspur5\",\"diskSize\":20,\"region\":\"mars1\",\"autoShutdownEnabled\":true,"
        + "\"autoShutdownTimeout\":200}");
    assertThat(semantic.status()).isEqualTo(400);
    assertThat(issuePaths(semantic)).containsExactly("machineType", "region", "diskSize", "autoShutdownTimeout");
    assertThat(sim.account().machines()).isEmpty();
  }

  @Test
  void malformedJsonIsParseErrorAndUnknownRoutesAre404() {
    SimApi.Reply parse = api.post("/machines", "{not json");
    assertThat(parse.status()).isEqualTo(400);
    assertThat(parse.json("code").asText()).isEqualTo("PARSE_ERROR");
    SimApi.Reply unknown = api.get("/nothing-here");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(unknown.json("message").asText()).isEqualTo("Not found");
    assertThat(api.get("/machine-events/nope").status()).isEqualTo(404);
  }

  @Test
  void requestsAreRecordedWithTheKeyRedacted() {
    api.post("/machines", SimApi.createBody("rec", "A4000", "ny2", "none"));
    RecordedRequest request = sim.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/machines");
    assertThat(request.body()).contains("\"name\":\"rec\"");
    assertThat(request.header("Authorization")).isEqualTo("[redacted]");
    assertThat(request.toString()).doesNotContain("sim-key-123");
    assertThat(sim.requestCount("POST", "/v1/machines")).isEqualTo(1);
  }
}
