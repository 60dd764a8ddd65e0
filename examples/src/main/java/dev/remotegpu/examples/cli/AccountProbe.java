package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The two read-only API questions {@code check} asks that the platform interface does not expose: the account's
 * standing ({@code GET /billing/account-standing}) and whether a type can be created in a region now
 * ({@code GET /machine-availability}). The key goes only into the Authorization header.
 */
final class AccountProbe {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final String apiKey;

  AccountProbe(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
  }

  /** The account-standing document. */
  JsonNode standing() throws IOException, InterruptedException {
    return get("/billing/account-standing");
  }

  /** Whether {@code machineType} can be created in {@code region} now. */
  boolean available(String machineType, String region) throws IOException, InterruptedException {
    return get("/machine-availability?machineType=" + URLEncoder.encode(machineType, StandardCharsets.UTF_8)
        + "&region=" + URLEncoder.encode(region, StandardCharsets.UTF_8)).path("available").asBoolean(false);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json")
        .timeout(Duration.ofSeconds(20))
        .GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path.replaceAll("\\?.*", "") + " answered " + response.statusCode());
    }
    return JsonOutput.MAPPER.readTree(response.body());
  }
}
