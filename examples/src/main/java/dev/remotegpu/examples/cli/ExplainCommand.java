package dev.remotegpu.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.GotchaField;
import dev.remotegpu.core.profile.GotchaMatch;
import dev.remotegpu.core.profile.GotchaSearchResult;
import dev.remotegpu.core.profile.MatchedTerm;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code remotegpu explain}: the gotchas that match what you see, ranked, with the words that matched and the fix. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Search the platform's gotchas for what you see (\"killed at 12h\", \"still billed after stop\", "
        + "PS9): ranked with scores, the words that matched in which field, whether the best is a confident answer, "
        + "the symptom, the root cause and the fix. Needs no key. Exits 1 when nothing matches.",
    footer = "%n" + ExitCodes.TABLE)
final class ExplainCommand implements Callable<Integer> {
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
    GotchaSearchResult result = PaperspaceProfile.get().searchGotchas(query);
    List<GotchaMatch> shown = result.matches().subList(0, Math.min(Math.max(limit, 0), result.matches().size()));
    if (common.json) {
      ObjectNode doc = JsonOutput.document("explain");
      doc.put("query", query);
      doc.put("confident", result.confident());
      doc.put("verdict", result.verdict());
      ObjectNode corrections = doc.putObject("corrections");
      result.corrections().forEach(corrections::put);
      ArrayNode results = doc.putArray("results");
      for (int i = 0; i < shown.size(); i++) {
        GotchaMatch match = shown.get(i);
        Gotcha g = match.gotcha();
        ObjectNode node = results.addObject();
        node.put("rank", i + 1);
        node.put("id", g.id());
        node.put("title", g.title());
        node.put("score", match.score());
        match.matchedTerms().stream().map(MatchedTerm::queryWords).distinct()
            .forEach(node.putArray("matchedWords")::add);
        ObjectNode byField = node.putObject("matchedByField");
        match.wordsByField().forEach((field, fieldWords) -> fieldWords.forEach(
            byField.putArray(field.name().toLowerCase(Locale.ROOT))::add));
        node.put("symptom", g.symptom());
        node.put("rootCause", g.rootCause());
        node.put("fix", g.fix());
      }
      JsonOutput.print(app.out(), doc);
    } else {
      PrintStream out = app.out();
      Style style = Style.of(app.terminal());
      out.println(result.confident() ? style.ok(result.verdict()) : style.warn(result.verdict()));
      if (!result.corrections().isEmpty()) {
        out.println("   read " + result.corrections().entrySet().stream()
            .map(e -> "'" + e.getKey() + "' as '" + e.getValue() + "'").collect(Collectors.joining(", ")));
      }
      for (int i = 0; i < shown.size(); i++) {
        GotchaMatch match = shown.get(i);
        Gotcha g = match.gotcha();
        out.printf(Locale.ROOT, "%d. %s  %s  (score %.2f)%n", i + 1, style.strong(g.id()), g.title(), match.score());
        out.printf("   matched: %s%n", matched(match.wordsByField()));
        out.printf("   symptom: %s%n   cause:   %s%n   %s %s%n", g.symptom(), g.rootCause(), style.ok("fix:"),
            g.fix());
      }
    }
    return shown.isEmpty() ? ExitCodes.FAILED : ExitCodes.OK;
  }

  private static String matched(Map<GotchaField, List<String>> byField) {
    return byField.entrySet().stream()
        .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + String.join(", ", e.getValue()))
        .collect(Collectors.joining("; "));
  }
}
