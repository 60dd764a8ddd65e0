package dev.remotegpu.core.profile;

import java.util.Locale;
import java.util.Objects;

/**
 * One piece of a query that matched one field of a gotcha, and what it added to the score.
 *
 * @param field where it matched
 * @param queryWords the words of the query that produced the term, as typed ("switched off")
 * @param term the term after analysis (stemmed, synonyms applied), as it matched the field ("power_off")
 * @param score what this term in this field added to the match's score
 */
public record MatchedTerm(GotchaField field, String queryWords, String term, double score) {

  public MatchedTerm {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(queryWords, "queryWords");
    Objects.requireNonNull(term, "term");
  }

  @Override
  public String toString() {
    return field.name().toLowerCase(Locale.ROOT) + ":\"" + queryWords + "\""
        + (term.equals(queryWords) ? "" : "->" + term) + String.format(Locale.ROOT, " %.2f", score);
  }
}
