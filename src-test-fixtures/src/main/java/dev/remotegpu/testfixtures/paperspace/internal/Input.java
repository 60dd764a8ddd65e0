package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads one request's input the way the real server's zod schemas do: unknown keys are ignored, every problem
 * becomes a zod-shaped issue, and {@link #check()} answers 400 "Input validation failed" with all of them.
 */
final class Input {

  private final ObjectNode fields;
  private final ArrayNode issues = Json.array();

  private Input(ObjectNode fields) {
    this.fields = fields;
  }

  /** Input from a JSON body; an empty body counts as {@code {}}, anything but an object is an issue. */
  static Input ofBody(JsonNode body) {
    if (body == null || body.isMissingNode() || body.isNull()) {
      return new Input(Json.object());
    }
    if (!body.isObject()) {
      ArrayNode issues = Json.array();
      issues.add(issue("invalid_type", List.of(), "Expected object, received " + typeOf(body))
          .put("expected", "object").put("received", typeOf(body)));
      throw ApiError.validation(issues);
    }
    return new Input((ObjectNode) body.deepCopy());
  }

  /** Input from query parameters (strings), coerced per field by the typed readers. */
  static Input ofQuery(java.util.Map<String, String> query) {
    ObjectNode node = Json.object();
    query.forEach(node::put);
    return new Input(node);
  }

  /** Adds a path parameter, which wins over a body key of the same name (as trpc-openapi merges them). */
  Input withPathParam(String name, String value) {
    fields.put(name, value);
    return this;
  }

  boolean has(String field) {
    JsonNode node = fields.get(field);
    return node != null && !node.isNull();
  }

  boolean present(String field) {
    return fields.has(field);
  }

  String requiredString(String field, int minLength) {
    JsonNode node = fields.get(field);
    if (node == null || node.isNull()) {
      required(field, "string", node);
      return "";
    }
    if (!node.isTextual()) {
      invalidType(field, "string", node);
      return "";
    }
    String value = node.asText();
    if (value.length() < minLength) {
      issues.add(issue("too_small", List.of(field),
          "String must contain at least " + minLength + " character(s)")
          .put("minimum", minLength).put("type", "string").put("inclusive", true).put("exact", false));
    }
    return value;
  }

  Optional<String> optionalString(String field) {
    JsonNode node = fields.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      invalidType(field, "string", node);
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  /** A string that may be given as JSON null (returns empty) but must be present. */
  Optional<String> requiredNullableString(String field) {
    JsonNode node = fields.get(field);
    if (node == null) {
      required(field, "string", null);
      return Optional.empty();
    }
    return optionalString(field);
  }

  Optional<Boolean> optionalBoolean(String field) {
    JsonNode node = fields.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isBoolean()) {
      return Optional.of(node.asBoolean());
    }
    if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) {
      return Optional.of(Boolean.parseBoolean(node.asText()));
    }
    invalidType(field, "boolean", node);
    return Optional.empty();
  }

  Optional<Double> optionalNumber(String field) {
    JsonNode node = fields.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isNumber()) {
      return Optional.of(node.asDouble());
    }
    if (node.isTextual()) {
      try {
        return Optional.of(Double.parseDouble(node.asText().trim()));
      } catch (NumberFormatException e) {
        issues.add(issue("invalid_type", List.of(field), "Expected number, received nan")
            .put("expected", "number").put("received", "nan"));
        return Optional.empty();
      }
    }
    invalidType(field, "number", node);
    return Optional.empty();
  }

  /** An integer query parameter within [min, max]. */
  Optional<Integer> optionalInt(String field, int min, int max) {
    Optional<Double> value = optionalNumber(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    double number = value.get();
    if (number != Math.rint(number)) {
      issues.add(issue("invalid_type", List.of(field), "Expected integer, received float")
          .put("expected", "integer").put("received", "float"));
      return Optional.empty();
    }
    if (number < min) {
      issues.add(issue("too_small", List.of(field),
          "Number must be greater than or equal to " + min)
          .put("minimum", min).put("type", "number").put("inclusive", true).put("exact", false));
      return Optional.empty();
    }
    if (number > max) {
      issues.add(issue("too_big", List.of(field), "Number must be less than or equal to " + max)
          .put("maximum", max).put("type", "number").put("inclusive", true).put("exact", false));
      return Optional.empty();
    }
    return Optional.of((int) number);
  }

  Optional<String> optionalEnum(String field, List<String> options) {
    Optional<String> value = optionalString(field);
    if (value.isPresent() && !options.contains(value.get())) {
      invalidEnum(field, value.get(), options);
      return Optional.empty();
    }
    return value;
  }

  /** A size in GB: one of the listed sizes or any number above zero (the schema's anyOf). */
  double requiredSize(String field) {
    JsonNode node = fields.get(field);
    if (node == null || node.isNull()) {
      required(field, "number", node);
      return 0;
    }
    return sizeValue(field);
  }

  Optional<Double> optionalSize(String field) {
    if (!has(field)) {
      return Optional.empty();
    }
    double value = sizeValue(field);
    return value > 0 ? Optional.of(value) : Optional.empty();
  }

  private double sizeValue(String field) {
    JsonNode node = fields.get(field);
    if (!node.isNumber()) {
      issues.add(issue("invalid_union", List.of(field), "Invalid input"));
      return 0;
    }
    double value = node.asDouble();
    if (value <= 0) {
      issues.add(issue("too_small", List.of(field), "Number must be greater than 0")
          .put("minimum", 0).put("type", "number").put("inclusive", false).put("exact", false));
      return 0;
    }
    return value;
  }

  /** A required {@code region} that names one of the API's regions, in its short form; checks at once. */
  String requiredRegion() {
    String name = requiredString("region", 1);
    check();
    Optional<String> region = Catalog.region(name);
    if (region.isEmpty()) {
      addIssue("region", "Invalid region '" + name + "': use ny2, ca1 or ams1");
      check();
    }
    return region.get();
  }

  /** Adds a semantic issue (a rule the schema cannot express) on one field. */
  void addIssue(String field, String message) {
    issues.add(issue("custom", List.of(field), message));
  }

  /** Throws the validation error when any issue was found. */
  void check() {
    if (!issues.isEmpty()) {
      throw ApiError.validation(issues);
    }
  }

  private void required(String field, String expected, JsonNode node) {
    issues.add(issue("invalid_type", List.of(field), "Required")
        .put("expected", expected).put("received", node == null ? "undefined" : "null"));
  }

  private void invalidType(String field, String expected, JsonNode node) {
    issues.add(issue("invalid_type", List.of(field), "Expected " + expected + ", received " + typeOf(node))
        .put("expected", expected).put("received", typeOf(node)));
  }

  private void invalidEnum(String field, String received, List<String> options) {
    ObjectNode issue = issue("invalid_enum_value", List.of(field),
        "Invalid enum value. Expected " + options.stream().map(o -> "'" + o + "'")
            .collect(Collectors.joining(" | ")) + ", received '" + received + "'");
    issue.put("received", received);
    ArrayNode optionsNode = issue.putArray("options");
    options.forEach(optionsNode::add);
    issues.add(issue);
  }

  private static ObjectNode issue(String code, List<String> path, String message) {
    ObjectNode issue = Json.object();
    issue.put("code", code);
    ArrayNode pathNode = issue.putArray("path");
    path.forEach(pathNode::add);
    issue.put("message", message);
    return issue;
  }

  private static String typeOf(JsonNode node) {
    if (node == null) {
      return "undefined";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isNumber()) {
      return "number";
    }
    if (node.isBoolean()) {
      return "boolean";
    }
    if (node.isArray()) {
      return "array";
    }
    return "object";
  }
}
