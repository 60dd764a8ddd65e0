package dev.remotegpu.core.profile.internal;

import dev.remotegpu.core.profile.Gotcha;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ranks gotchas by how well their words match a user's symptom words ("vanished at 12 h", "still
 * billed"). Words are lower-cased, split from numbers ("12h" is "12" and "h"), and reduced to a crude
 * stem ("billed", "billing" and "bills" all become "bill"); keywords weigh most, then title and
 * symptom, then root cause, fix and diagnostics.
 */
public final class GotchaSearch {

  private static final Set<String> STOP_WORDS = Set.of(
      "a", "an", "the", "at", "of", "to", "in", "on", "my", "is", "it", "and", "or", "after", "for", "with",
      "was", "are", "be", "i", "me", "why", "did", "does", "do", "what", "when", "keeps", "get", "got");
  private static final Pattern TOKEN = Pattern.compile("[a-z]+|[0-9]+");
  private static final int KEYWORD_WEIGHT = 5;
  private static final int TITLE_WEIGHT = 3;
  private static final int SYMPTOM_WEIGHT = 3;
  private static final int BODY_WEIGHT = 1;

  private GotchaSearch() {
  }

  /**
   * The gotchas that share at least one word with {@code words}, best first (ties keep the given
   * order); empty when {@code words} holds no searchable word.
   */
  public static List<Gotcha> rank(List<Gotcha> gotchas, String words) {
    Objects.requireNonNull(gotchas, "gotchas");
    Objects.requireNonNull(words, "words");
    Set<String> query = stems(words);
    if (query.isEmpty()) {
      return List.of();
    }
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < gotchas.size(); i++) {
      Gotcha gotcha = gotchas.get(i);
      int score = score(gotcha, query);
      if (score > 0) {
        scored.add(new Scored(gotcha, score, i));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::score).reversed().thenComparingInt(Scored::order));
    return scored.stream().map(Scored::gotcha).toList();
  }

  private static int score(Gotcha gotcha, Set<String> query) {
    Set<String> keywords = stems(String.join(" ", gotcha.keywords()));
    Set<String> title = stems(gotcha.title());
    Set<String> symptom = stems(gotcha.symptom());
    Set<String> body = stems(gotcha.rootCause() + " " + gotcha.fix() + " " + String.join(" ", gotcha.diagnostics()));
    int score = 0;
    for (String word : query) {
      if (word.equalsIgnoreCase(gotcha.id())) {
        score += 100;
      }
      score += keywords.contains(word) ? KEYWORD_WEIGHT : 0;
      score += title.contains(word) ? TITLE_WEIGHT : 0;
      score += symptom.contains(word) ? SYMPTOM_WEIGHT : 0;
      score += body.contains(word) ? BODY_WEIGHT : 0;
    }
    return score;
  }

  /** The searchable stems of a text, in order of first appearance. */
  static Set<String> stems(String text) {
    Set<String> stems = new LinkedHashSet<>();
    String lower = text.toLowerCase(Locale.ROOT);
    Matcher id = Pattern.compile("\\b([a-z]+[0-9]+)\\b").matcher(lower);
    while (id.find()) {
      stems.add(id.group(1));
    }
    Matcher matcher = TOKEN.matcher(lower);
    while (matcher.find()) {
      String token = matcher.group();
      if (!STOP_WORDS.contains(token)) {
        stems.add(stem(token));
      }
    }
    return stems;
  }

  static String stem(String word) {
    for (String suffix : new String[] {"ing", "ed", "es", "s"}) {
      if (word.endsWith(suffix) && word.length() - suffix.length() >= 3) {
        String base = word.substring(0, word.length() - suffix.length());
        if (suffix.equals("ed") || suffix.equals("ing")) {
          // "stopped" -> "stop", "billed" stays "bill"
          int n = base.length();
          if (n >= 2 && base.charAt(n - 1) == base.charAt(n - 2) && base.charAt(n - 1) != 'l'
              && base.charAt(n - 1) != 's') {
            base = base.substring(0, n - 1);
          }
        }
        return base;
      }
    }
    return word;
  }

  private record Scored(Gotcha gotcha, int score, int order) {
  }
}
