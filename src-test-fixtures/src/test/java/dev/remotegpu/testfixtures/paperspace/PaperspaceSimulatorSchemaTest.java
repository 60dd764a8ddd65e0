package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the simulator's answers against the API's own OpenAPI document (a copy of the published spec in the
 * test resources), operation by operation.
 */
class PaperspaceSimulatorSchemaTest extends SimulatorTest {

  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

  private JsonNode spec;

  @BeforeEach
  void readTheSpec() throws IOException {
    // The API's own published OpenAPI document (August 2024 copy), kept in the test resources.
    try (InputStream in = getClass().getResourceAsStream("/paperspace-openapi.json")) {
      assertThat(in).as("paperspace-openapi.json in the test resources").isNotNull();
      spec = SimApi.JSON.readTree(in);
    }
  }

  /** The 200 schema of one operation, with OpenAPI's {@code nullable} turned into JSON Schema. */
  private JsonSchema schema(String path, String method) {
    JsonNode node = spec.get("paths").get(path).get(method).get("responses").get("200").get("content")
        .get("application/json").get("schema").deepCopy();
    return FACTORY.getSchema(nullableToJsonSchema(node));
  }

  private static JsonNode nullableToJsonSchema(JsonNode node) {
    if (node.isArray()) {
      for (JsonNode item : node) {
        nullableToJsonSchema(item);
      }
      return node;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = (ObjectNode) node;
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      nullableToJsonSchema(field.getValue());
    }
    if (object.path("nullable").asBoolean(false)) {
      object.remove("nullable");
      if (object.has("type")) {
        ArrayNode types = SimApi.JSON.createArrayNode().add(object.get("type").asText()).add("null");
        object.set("type", types);
        if (object.has("enum")) {
          ((ArrayNode) object.get("enum")).addNull();
        }
      } else if (object.has("anyOf")) {
        ((ArrayNode) object.get("anyOf")).addObject().put("type", "null");
      }
    }
    return object;
  }

  private void assertValid(String path, String method, SimApi.Reply reply) {
    assertThat(reply.status()).as(method + " " + path + ": " + reply.body()).isEqualTo(200);
    Set<ValidationMessage> errors = schema(path, method).validate(reply.body());
    assertThat(errors).as(method + " " + path + " answered " + reply.body()).isEmpty();
  }

  @Test
  void machineOperationsMatchTheSpec() {
    SimApi.Reply created = api.post("/machines", SimApi.createBody("schema", "A4000", "ny2", "static"));
    assertValid("/machines", "post", created);
    ObjectNode tampered = created.body().deepCopy();
    ((ObjectNode) tampered.get("data")).put("notInTheSpec", 1);
    ((ObjectNode) tampered.get("data")).remove("usageRate");
    assertThat(schema("/machines", "post").validate(tampered)).as("the check itself is strict").hasSize(2);
    String id = created.json("data").get("id").asText();
    api.post("/machines", SimApi.createBody("cpu", "C5", "ny2", "dynamic"));
    assertValid("/machines", "get", api.get("/machines"));
    clock.advance(Duration.ofMinutes(2));
    assertValid("/machines/{id}", "get", api.get("/machines/" + id));
    assertValid("/machines/{id}", "put", api.put("/machines/" + id, "{\"name\":\"renamed\"}"));
    assertValid("/machines/{id}/restart", "patch", api.patch("/machines/" + id + "/restart", "", "text/plain"));
    clock.advance(Duration.ofMinutes(1));
    assertValid("/machines/{id}/stop", "patch", api.patch("/machines/" + id + "/stop", "", "text/plain"));
    clock.advance(Duration.ofMinutes(1));
    assertValid("/machines/{id}/start", "patch", api.patch("/machines/" + id + "/start", "{}", "application/json"));
    String eventId = created.json("event").get("id").asText();
    assertValid("/machine-events/{id}", "get", api.get("/machine-events/" + eventId));
    assertValid("/machine-events", "get", api.get("/machine-events?machineId=" + id));
    assertValid("/machine-availability", "get", api.get("/machine-availability?machineType=A4000&region=ny2"));
    assertValid("/machines/{id}", "delete", api.delete("/machines/" + id));
  }

  @Test
  void otherResourcesMatchTheSpec() {
    String id = api.post("/machines", SimApi.createBody("m", "A4000", "ny2", "none")).json("data").get("id")
        .asText();
    assertValid("/os-templates", "get", api.get("/os-templates"));
    assertValid("/auth/session", "get", api.get("/auth/session"));
    SimApi.Reply ip = api.post("/public-ips", "{\"region\":\"ny2\"}");
    assertValid("/public-ips", "post", ip);
    assertValid("/public-ips/{ip}", "put",
        api.put("/public-ips/" + ip.json("ip").asText(), "{\"machineId\":\"" + id + "\"}"));
    assertValid("/public-ips", "get", api.get("/public-ips"));
    SimApi.Reply snapshot = api.post("/snapshots", "{\"name\":\"s\",\"machineId\":\"" + id + "\"}");
    assertValid("/snapshots", "post", snapshot);
    assertValid("/snapshots", "get", api.get("/snapshots"));
    assertValid("/snapshots/{id}", "get", api.get("/snapshots/" + snapshot.json("data").get("id").asText()));
    SimApi.Reply network = api.post("/private-networks", "{\"name\":\"n\",\"region\":\"ny2\"}");
    assertValid("/private-networks", "post", network);
    assertValid("/private-networks", "get", api.get("/private-networks"));
    SimApi.Reply drive = api.post("/shared-drives", "{\"name\":\"d\",\"size\":250,\"region\":\"ny2\","
        + "\"networkId\":\"" + network.json("id").asText() + "\"}");
    assertValid("/shared-drives", "post", drive);
    assertValid("/shared-drives", "get", api.get("/shared-drives"));
    assertValid("/custom-templates", "post",
        api.post("/custom-templates", "{\"name\":\"golden\",\"machineId\":\"" + id + "\"}"));
    assertValid("/custom-templates", "get", api.get("/custom-templates"));
    assertValid("/shared-drives/{id}", "delete", api.delete("/shared-drives/" + drive.json("id").asText()));
    assertValid("/public-ips/{ip}", "delete", api.delete("/public-ips/" + ip.json("ip").asText()));
    List.of("/v1/os-templates").forEach(path -> assertThat(sim.requestCount("GET", path)).isEqualTo(1));
  }
}
