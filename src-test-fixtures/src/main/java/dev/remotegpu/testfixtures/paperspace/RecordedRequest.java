package dev.remotegpu.testfixtures.paperspace;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request the simulator received, for assertions on what a client sent.
 *
 * @param method the HTTP method, upper case
 * @param path the path including the {@code /v1} prefix, without the query
 * @param query the raw query string, empty when there was none
 * @param headers the request headers (lower-case names); the {@code authorization} value is redacted
 * @param body the request body as text, empty when there was none
 * @param receivedAt when it arrived, on the simulator's clock
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers, String body, Instant receivedAt) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** The first value of a header (name case-insensitive), or an empty string when it was not sent. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
