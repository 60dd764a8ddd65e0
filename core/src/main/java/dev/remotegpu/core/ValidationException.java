package dev.remotegpu.core;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A request was refused because of its input, either by the SDK before any call that could bill, or by
 * the platform (its validation issues are kept). Not retryable: change the named fields.
 */
public class ValidationException extends RemoteGpuException {
  private static final long serialVersionUID = 1L;

  /**
   * One thing wrong with the input.
   *
   * @param field the input field, dotted for nested fields (for example "diskSize")
   * @param message what is wrong with it and what is allowed
   */
  public record Issue(String field, String message) {
    public Issue {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final List<Issue> issues;

  /** A refusal explained by {@code message}, listing each field's {@code issues} (kept in order). */
  public ValidationException(String message, List<Issue> issues) {
    this(message, issues, null);
  }

  /** A refusal with its {@code issues}, explained by the platform gotcha {@code gotchaId} (or null). */
  public ValidationException(String message, List<Issue> issues, String gotchaId) {
    super(withIssues(message, issues), null, gotchaId, false, null);
    this.issues = List.copyOf(issues);
  }

  /** A refusal of one field. */
  public static ValidationException ofField(String field, String message) {
    return new ValidationException("invalid input", List.of(new Issue(field, message)));
  }

  /** Every issue found, in input order; never empty when the SDK raised it. */
  public List<Issue> issues() {
    return issues;
  }

  private static String withIssues(String message, List<Issue> issues) {
    Objects.requireNonNull(issues, "issues");
    if (issues.isEmpty()) {
      return message;
    }
    return message + ": " + issues.stream().map(Issue::toString).collect(Collectors.joining("; "));
  }
}
