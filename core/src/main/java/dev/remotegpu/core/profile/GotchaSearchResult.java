package dev.remotegpu.core.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The answer to a gotcha search: the ranked matches with their scores and matched words, and whether the
 * best one is a confident answer. When it is not, the matches are only the nearest candidates.
 *
 * <pre>{@code
 * GotchaSearchResult result = profile.searchGotchas("machine switched itself off, tmux still attached");
 * result.best().map(m -> m.gotcha().fix());   // present only when confident
 * result.verdict();                           // "GEN6 (score 9.41)" or "no confident match; nearest: ..."
 * }</pre>
 *
 * @param query the query as given
 * @param matches the gotchas that matched, best first (ties in id order); empty when no word matched
 * @param threshold the score the best match must reach to be a confident answer
 * @param confident whether the best match reached the threshold
 * @param corrections words of the query taken for misspellings, and the word searched instead
 *     ("dissapear" -> "disappear")
 */
public record GotchaSearchResult(
    String query, List<GotchaMatch> matches, double threshold, boolean confident, Map<String, String> corrections) {

  /** How many candidates {@link #nearest()} offers. */
  public static final int NEAREST = 3;

  public GotchaSearchResult {
    Objects.requireNonNull(query, "query");
    matches = List.copyOf(Objects.requireNonNull(matches, "matches"));
    corrections = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(corrections, "corrections")));
    if (confident && matches.isEmpty()) {
      throw new IllegalArgumentException("a confident result needs a match");
    }
  }

  /** The best match, only when it is a confident answer. */
  public Optional<GotchaMatch> best() {
    return confident ? Optional.of(matches.get(0)) : Optional.empty();
  }

  /** The first {@value #NEAREST} matches: the candidates to read when nothing is confident. */
  public List<GotchaMatch> nearest() {
    return matches.subList(0, Math.min(NEAREST, matches.size()));
  }

  /** The matched gotchas, best first. */
  public List<Gotcha> gotchas() {
    return matches.stream().map(GotchaMatch::gotcha).toList();
  }

  /** One line: the confident answer with its score, or "no confident match" with the nearest candidates. */
  public String verdict() {
    if (confident) {
      GotchaMatch best = matches.get(0);
      return String.format(Locale.ROOT, "%s (score %.2f): %s", best.id(), best.score(), best.gotcha().title());
    }
    if (matches.isEmpty()) {
      return "no confident match: no word of the query matched any gotcha";
    }
    return String.format(Locale.ROOT, "no confident match (best score below %.2f); nearest: %s", threshold,
        nearest().stream().map(m -> String.format(Locale.ROOT, "%s (%.2f)", m.id(), m.score()))
            .collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return "\"" + query + "\" -> " + verdict();
  }
}
