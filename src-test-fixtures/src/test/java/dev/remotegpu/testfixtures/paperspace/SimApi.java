package dev.remotegpu.testfixtures.paperspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JDK HttpClient wrapper for talking to the simulator in tests. */
final class SimApi {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status and parsed JSON body. */
  record Reply(int status, JsonNode body) {
    JsonNode json(String field) {
      return body.get(field);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String key;

  SimApi(PaperspaceSimulator sim) {
    this(sim.baseUrl(), sim.apiKey());
  }

  SimApi(String baseUrl, String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  SimApi withKey(String otherKey) {
    return new SimApi(baseUrl, otherKey);
  }

  Reply get(String path) {
    return send(request(path).GET());
  }

  Reply post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply put(String path, String json) {
    return send(request(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply patch(String path, String body, String contentType) {
    return send(request(path).header("Content-Type", contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  Reply delete(String path) {
    return send(request(path).DELETE());
  }

  /** Sends with a client-side timeout, letting the exception through. */
  Reply postWithTimeout(String path, String json, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = request(path).timeout(timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), JSON.readTree(response.body()));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }

  private Reply send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String createBody(String name, String type, String region, String ipType) {
    return "{\"name\":\"" + name + "\",\"machineType\":\"" + type + "\",\"templateId\":\"t0nspur5\","
        + "\"diskSize\":100,\"region\":\"" + region + "\",\"publicIpType\":\"" + ipType + "\"}";
  }
}
