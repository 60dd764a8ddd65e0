package dev.remotegpu.core.profile;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A platform-specific trap: how it shows, why it happens and how to fix it, with where and when it was
 * verified.
 *
 * @param id the profile's id, for example "GEN6"
 * @param title the one-line name
 * @param symptom what the user sees
 * @param rootCause why it happens
 * @param fix what to do
 * @param diagnostics commands and what to check in their output, when the gotcha lists any
 * @param verifiedSource where the facts were verified, when stated
 * @param verifiedDate when they were verified, when stated
 * @param keywords extra search words (the words users type when they hit it)
 * @param related ids of related gotchas
 */
public record Gotcha(
    String id,
    String title,
    String symptom,
    String rootCause,
    String fix,
    List<String> diagnostics,
    Optional<String> verifiedSource,
    Optional<YearMonth> verifiedDate,
    List<String> keywords,
    List<String> related) {

  public Gotcha {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(symptom, "symptom");
    Objects.requireNonNull(rootCause, "rootCause");
    Objects.requireNonNull(fix, "fix");
    diagnostics = List.copyOf(Objects.requireNonNull(diagnostics, "diagnostics"));
    Objects.requireNonNull(verifiedSource, "verifiedSource");
    Objects.requireNonNull(verifiedDate, "verifiedDate");
    keywords = List.copyOf(Objects.requireNonNull(keywords, "keywords"));
    related = List.copyOf(Objects.requireNonNull(related, "related"));
    for (String[] field : new String[][] {{"id", id}, {"title", title}, {"symptom", symptom},
        {"rootCause", rootCause}, {"fix", fix}}) {
      if (field[1].isBlank()) {
        throw new IllegalArgumentException("gotcha " + id + ": " + field[0] + " must not be blank");
      }
    }
  }

  @Override
  public String toString() {
    return id + " - " + title;
  }
}
