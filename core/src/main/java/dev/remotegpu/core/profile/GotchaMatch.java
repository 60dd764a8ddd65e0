package dev.remotegpu.core.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A gotcha found by a search, with its score and the query words that matched it, field by field.
 *
 * @param gotcha the gotcha; its {@link Gotcha#fix()} is what to do
 * @param score the relevance score (higher is better; comparable only within one search)
 * @param matchedTerms what matched and where, strongest first
 */
public record GotchaMatch(Gotcha gotcha, double score, List<MatchedTerm> matchedTerms) {

  public GotchaMatch {
    Objects.requireNonNull(gotcha, "gotcha");
    matchedTerms = List.copyOf(Objects.requireNonNull(matchedTerms, "matchedTerms"));
  }

  /** The gotcha's id, for example "GEN6". */
  public String id() {
    return gotcha.id();
  }

  /** The query words that matched, grouped by the field they matched in (fields in {@link GotchaField} order). */
  public Map<GotchaField, List<String>> wordsByField() {
    Map<GotchaField, List<String>> byField = new LinkedHashMap<>();
    for (GotchaField field : GotchaField.values()) {
      List<String> words = matchedTerms.stream().filter(t -> t.field() == field).map(MatchedTerm::queryWords)
          .distinct().toList();
      if (!words.isEmpty()) {
        byField.put(field, words);
      }
    }
    return byField;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %.2f %s", gotcha.id(), score, wordsByField().entrySet().stream()
        .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + "=" + e.getValue())
        .collect(Collectors.joining(" ")));
  }
}
