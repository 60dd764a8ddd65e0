package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/** An error answer in the API's tRPC shape {@code {message, code, issues?}}, thrown by handlers. */
final class ApiError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The tRPC code for each status the simulator can answer (the CLI's table). */
  private static final Map<Integer, String> CODES = Map.ofEntries(
      Map.entry(400, "BAD_REQUEST"),
      Map.entry(401, "UNAUTHORIZED"),
      Map.entry(403, "FORBIDDEN"),
      Map.entry(404, "NOT_FOUND"),
      Map.entry(405, "METHOD_NOT_SUPPORTED"),
      Map.entry(408, "TIMEOUT"),
      Map.entry(409, "CONFLICT"),
      Map.entry(412, "PRECONDITION_FAILED"),
      Map.entry(413, "PAYLOAD_TOO_LARGE"),
      Map.entry(429, "TOO_MANY_REQUESTS"),
      Map.entry(499, "CLIENT_CLOSED_REQUEST"),
      Map.entry(500, "INTERNAL_SERVER_ERROR"));

  private final int status;
  private final String code;
  private final transient Optional<ArrayNode> issues;

  ApiError(int status, String code, String message) {
    this(status, code, message, Optional.empty());
  }

  private ApiError(int status, String code, String message, Optional<ArrayNode> issues) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }

  /** An error for a status, with the tRPC code the table gives it (INTERNAL_SERVER_ERROR for other 5xx). */
  static ApiError ofStatus(int status, String message) {
    return new ApiError(status, codeFor(status), message);
  }

  static String codeFor(int status) {
    String code = CODES.get(status);
    if (code != null) {
      return code;
    }
    return status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "BAD_REQUEST", message);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "NOT_FOUND", message);
  }

  /** The zod failure answer: 400 "Input validation failed" with the issue list. */
  static ApiError validation(ArrayNode issues) {
    return new ApiError(400, "BAD_REQUEST", "Input validation failed", Optional.of(issues));
  }

  int status() {
    return status;
  }

  ObjectNode body() {
    ObjectNode node = Json.object();
    node.put("message", getMessage());
    node.put("code", code);
    issues.ifPresent(list -> node.set("issues", list));
    return node;
  }
}
