package dev.remotegpu.core.profile;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool, API or package name that automation must not rely on, or the one it should use instead.
 *
 * @param id a stable id, for example "legacy-gradient-api"
 * @param subject the API, CLI or package concerned
 * @param since the date it was deprecated, when documented
 * @param detail what happened and what breaks
 * @param advice what to do instead
 * @param pin a version constraint that keeps old automation working, when there is one (e.g. {@code gradient<3.0})
 * @param gotchaId the gotcha that explains the failure it causes
 */
public record Deprecation(
    String id,
    String subject,
    Optional<LocalDate> since,
    String detail,
    String advice,
    Optional<String> pin,
    String gotchaId) {

  public Deprecation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(advice, "advice");
    Objects.requireNonNull(pin, "pin");
    Objects.requireNonNull(gotchaId, "gotchaId");
  }
}
