package dev.remotegpu.genericssh.internal;

import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.GotchaField;
import dev.remotegpu.core.profile.GotchaMatch;
import dev.remotegpu.core.profile.GotchaSearchResult;
import dev.remotegpu.core.profile.MatchedTerm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A small weighted word-overlap search over eight gotchas: each query word that starts a word of a field (or is
 * started by one, for words of four letters or more: "reboot" and "rebooted") adds that field's weight once.
 * The Lucene search of a larger profile lives in its own module's internals; for eight entries this is enough, and
 * keeps Lucene out of this artifact.
 */
final class KeywordGotchaSearch {

  static final double THRESHOLD = 3.0;
  private static final Map<GotchaField, Double> WEIGHTS = new EnumMap<>(Map.of(
      GotchaField.ID, 10.0, GotchaField.KEYWORDS, 3.0, GotchaField.TITLE, 2.0, GotchaField.SYMPTOM, 2.0,
      GotchaField.ROOT_CAUSE, 1.0, GotchaField.FIX, 1.0, GotchaField.DIAGNOSTICS, 0.5));
  private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "and", "or", "of", "to", "in", "on",
      "is", "it", "my", "was", "but", "for", "with", "after", "when", "i", "its", "be", "by", "at", "no", "not");

  private final List<Gotcha> gotchas;

  KeywordGotchaSearch(List<Gotcha> gotchas) {
    this.gotchas = List.copyOf(gotchas);
  }

  GotchaSearchResult search(String query) {
    Objects.requireNonNull(query, "query");
    List<String> words = words(query).stream().filter(w -> !STOP_WORDS.contains(w)).distinct().toList();
    List<GotchaMatch> matches = new ArrayList<>();
    for (Gotcha gotcha : gotchas) {
      List<MatchedTerm> terms = new ArrayList<>();
      for (Map.Entry<GotchaField, Double> field : WEIGHTS.entrySet()) {
        Set<String> fieldWords = new LinkedHashSet<>(words(text(gotcha, field.getKey())));
        for (String word : words) {
          fieldWords.stream().filter(candidate -> matches(word, candidate)).findFirst()
              .ifPresent(hit -> terms.add(new MatchedTerm(field.getKey(), word, hit, field.getValue())));
        }
      }
      if (!terms.isEmpty()) {
        terms.sort(Comparator.comparingDouble(MatchedTerm::score).reversed());
        matches.add(new GotchaMatch(gotcha, terms.stream().mapToDouble(MatchedTerm::score).sum(), terms));
      }
    }
    matches.sort(Comparator.comparingDouble(GotchaMatch::score).reversed().thenComparing(GotchaMatch::id));
    boolean confident = !matches.isEmpty() && matches.get(0).score() >= THRESHOLD;
    return new GotchaSearchResult(query, matches, THRESHOLD, confident, Map.of());
  }

  private static boolean matches(String word, String candidate) {
    if (word.equals(candidate)) {
      return true;
    }
    return Math.min(word.length(), candidate.length()) >= 4
        && (candidate.startsWith(word) || word.startsWith(candidate));
  }

  private static String text(Gotcha gotcha, GotchaField field) {
    return switch (field) {
      case ID -> gotcha.id();
      case KEYWORDS -> String.join(" ", gotcha.keywords());
      case TITLE -> gotcha.title();
      case SYMPTOM -> gotcha.symptom();
      case ROOT_CAUSE -> gotcha.rootCause();
      case FIX -> gotcha.fix();
      case DIAGNOSTICS -> String.join(" ", gotcha.diagnostics());
    };
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9_\\\\]+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }
}
