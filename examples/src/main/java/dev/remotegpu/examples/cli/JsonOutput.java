package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.teardown.AuditItem;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code --json} documents: one object per command, its {@code schema} naming the command and the version of
 * its shape ({@code remotegpu-cli/status/v1}); money is a decimal number of US dollars.
 */
final class JsonOutput {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonOutput() {
  }

  /** A new document for {@code command}. */
  static ObjectNode document(String command) {
    return MAPPER.createObjectNode().put("schema", "remotegpu-cli/" + command + "/v1");
  }

  static void print(PrintStream out, ObjectNode document) {
    try {
      out.println(MAPPER.writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void money(ObjectNode node, String field, Money money) {
    node.put(field, money.amount());
  }

  /**
   * Audit items: id, kind, name, region, state, ownership and why, run, $/h, $/month (null when
   * {@code priceKnown} is false: an unknown price is never a plain 0), the billing rule, gotcha.
   */
  static ArrayNode items(ArrayNode array, List<AuditItem> items) {
    for (AuditItem item : items) {
      ObjectNode node = array.addObject();
      node.put("id", item.id());
      node.put("kind", item.billable().kind().name());
      node.put("name", item.billable().name());
      node.put("region", item.billable().region());
      node.put("state", item.billable().state());
      item.billable().machineId().ifPresentOrElse(m -> node.put("machineId", m), () -> node.putNull("machineId"));
      node.put("description", item.description());
      node.put("ownership", item.ownership().name());
      node.put("ownershipReason", item.ownershipReason());
      item.runId().ifPresentOrElse(r -> node.put("runId", r), () -> node.putNull("runId"));
      if (item.priceKnown()) {
        money(node, "perHourUsd", item.perHour());
        money(node, "perMonthUsd", item.perMonth());
      } else {
        // An unknown price is null, never 0 (issue 9); the billing rule says what it would be priced by.
        node.putNull("perHourUsd");
        node.putNull("perMonthUsd");
      }
      node.put("priceKnown", item.priceKnown());
      item.billingRule().ifPresentOrElse(r -> node.put("billingRule", r), () -> node.putNull("billingRule"));
      item.gotchaId().ifPresentOrElse(g -> node.put("gotcha", g), () -> node.putNull("gotcha"));
    }
    return array;
  }
}
