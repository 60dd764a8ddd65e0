package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.AuthenticationException;
import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.RateLimitException;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ServerException;
import dev.remotegpu.core.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Maps a Paperspace error answer (status plus tRPC body) to the core exception hierarchy. */
final class ApiErrors {
  private static final Pattern CAPACITY = Pattern.compile(
      "capacity|out of stock|sold out|no (machines|instances|gpus?) (are )?available", Pattern.CASE_INSENSITIVE);

  private ApiErrors() {
  }

  /** Whether an API message says the platform has no capacity (the real wording is undocumented). */
  static boolean speaksOfCapacity(String message) {
    return message != null && CAPACITY.matcher(message).find();
  }

  /**
   * The exception for an error answer.
   *
   * @param operation for example "POST /machines"
   * @param resourceId the resource the call concerned, or null
   * @param body the parsed body, or null when it was not the documented shape
   * @param rawBody the body text (already redacted and shortened) for when it was not
   */
  static RemoteGpuException map(String operation, String resourceId, int status, ApiTypes.ErrorBody body,
      String rawBody) {
    String code = body != null && body.code() != null ? body.code() : "HTTP_" + status;
    String message = body != null && body.message() != null ? body.message() : rawBody;
    String what = "Paperspace answered " + status + " " + code + " to " + operation
        + (resourceId == null ? "" : " (" + resourceId + ")") + ": " + message;
    if (status == 401 || status == 403) {
      return new AuthenticationException(what + "; check that PAPERSPACE_API_KEY holds a valid key of the"
          + " right team (console: Team settings -> API keys)", resourceId, null);
    }
    if (status == 404) {
      return new NotFoundException(what + "; it does not exist or no longer does", resourceId, null);
    }
    if (status == 429) {
      return new RateLimitException(what + "; slow down and retry after a backoff", resourceId, null);
    }
    if (speaksOfCapacity(message) && (status == 400 || status == 409 || status == 412 || status >= 500)) {
      return new CapacityUnavailableException(what + "; retry later or try another machine type or region",
          resourceId, null);
    }
    if (status == 408 || status >= 500) {
      return new ServerException(what + "; the call may be repeated if it is safe to repeat", resourceId, null);
    }
    if (status == 400 || status == 409 || status == 412 || status == 422) {
      return new ValidationException(what, issues(body));
    }
    return new RemoteGpuException(what);
  }

  /** The API's zod issues as core issues: the dotted {@code path} as field, and the issue message. */
  static List<ValidationException.Issue> issues(ApiTypes.ErrorBody body) {
    List<ValidationException.Issue> out = new ArrayList<>();
    if (body == null || body.issues() == null) {
      return out;
    }
    for (Map<String, Object> issue : body.issues()) {
      if (issue == null) {
        continue;
      }
      Object path = issue.get("path");
      String field;
      if (path instanceof List<?> parts && !parts.isEmpty()) {
        field = parts.stream().map(ApiErrors::part).collect(Collectors.joining("."));
      } else {
        field = path == null ? "request" : String.valueOf(path);
      }
      Object message = issue.get("message");
      out.add(new ValidationException.Issue(field, message == null ? "invalid" : String.valueOf(message)));
    }
    return out;
  }

  private static String part(Object p) {
    if (p instanceof Double d && d == Math.rint(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(p);
  }
}
