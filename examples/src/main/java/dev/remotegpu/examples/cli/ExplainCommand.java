package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remotegpu explain}: the gotchas that match what you see, ranked, with the words that matched and the fix. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Search the platform's gotchas for what you see (\"killed at 12h\", \"still billed after stop\", "
        + "PS9): ranked, with the words that matched, the symptom, the root cause and the fix. Needs no key.",
    footer = "%n" + ExitCodes.TABLE)
final class ExplainCommand implements Callable<Integer> {
  private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "at", "after", "by", "for", "in", "is", "it",
      "my", "of", "on", "or", "the", "to", "was", "with");

  @ParentCommand
  private RemoteGpu app;

  @Mixin
  private CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "WORDS", description = "What you see, in your words, or a gotcha id.")
  private List<String> words;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "3", description = "Show at most N (default 3).")
  private int limit;

  @Override
  public Integer call() {
    String query = String.join(" ", words);
    PlatformProfile profile = PaperspaceProfile.get();
    List<Gotcha> ranked = profile.gotchasMatching(query);
    List<Gotcha> shown = ranked.subList(0, Math.min(Math.max(limit, 0), ranked.size()));
    if (common.json) {
      ObjectNode doc = JsonOutput.document("explain");
      doc.put("query", query);
      ArrayNode results = doc.putArray("results");
      for (int i = 0; i < shown.size(); i++) {
        Gotcha g = shown.get(i);
        ObjectNode node = results.addObject();
        node.put("rank", i + 1);
        node.put("id", g.id());
        node.put("title", g.title());
        List<String> matched = matchedWords(query, g);
        node.put("score", matched.size());
        matched.forEach(node.putArray("matchedWords")::add);
        node.put("symptom", g.symptom());
        node.put("rootCause", g.rootCause());
        node.put("fix", g.fix());
      }
      JsonOutput.print(app.out(), doc);
    } else {
      PrintStream out = app.out();
      Style style = Style.of(app.terminal());
      if (shown.isEmpty()) {
        out.println("no gotcha matches \"" + query + "\"; try other words, or an id from PS1 to PS"
            + profile.gotchas().size());
      }
      for (int i = 0; i < shown.size(); i++) {
        Gotcha g = shown.get(i);
        List<String> matched = matchedWords(query, g);
        out.printf("%d. %s  %s%n", i + 1, style.strong(g.id()), g.title());
        out.printf("   matched %d word(s): %s%n", matched.size(), matched.isEmpty() ? "(by id)" : String.join(", ",
            matched));
        out.printf("   symptom: %s%n   cause:   %s%n   %s %s%n", g.symptom(), g.rootCause(), style.ok("fix:"),
            g.fix());
      }
    }
    return shown.isEmpty() ? ExitCodes.FAILED : ExitCodes.OK;
  }

  /**
   * The words of the query found in the gotcha's text: the explanation shown next to the ranked result (the
   * profile ranks; this says which of your words it found).
   */
  static List<String> matchedWords(String query, Gotcha g) {
    String text = String.join(" ", g.id(), g.title(), g.symptom(), g.rootCause(), g.fix(),
        String.join(" ", g.keywords())).toLowerCase(Locale.ROOT);
    List<String> matched = new ArrayList<>();
    for (String word : Arrays.stream(query.toLowerCase(Locale.ROOT).split("[^a-z0-9/]+")).distinct().toList()) {
      if (word.length() > 1 && !STOP_WORDS.contains(word) && text.contains(word)) {
        matched.add(word);
      }
    }
    return matched;
  }
}
