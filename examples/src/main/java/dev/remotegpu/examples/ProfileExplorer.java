package dev.remotegpu.examples;

import dev.remotegpu.core.profile.BillingRule;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.Flavour;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.GotchaField;
import dev.remotegpu.core.profile.GotchaMatch;
import dev.remotegpu.core.profile.GotchaSearchResult;
import dev.remotegpu.core.profile.LifecycleEvent;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.StorageTier;
import dev.remotegpu.core.profile.SurvivalCell;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Prints the Paperspace danger clocks, then answers one query given as arguments:
 * <ul>
 *   <li>symptom words, e.g. {@code killed at 12h} or {@code still billed}: the matching gotchas, best first, each
 *   with its score and the words that matched in which field, or "no confident match" and the nearest ones;</li>
 *   <li>a gotcha id, e.g. {@code PS9}: that gotcha in full (an unknown id exits with status 2);</li>
 *   <li>{@code survives PATH STOP|DESTROY [FLAVOUR]}: whether data at PATH survives the event, on which product's
 *   storage tier and why;</li>
 *   <li>{@code bills}: what still bills after a stop.</li>
 * </ul>
 * With no arguments it answers a sample of each. Run it with
 * {@code mvn -q -pl examples -am -DskipTests package exec:java -Dexec.mainClass=dev.remotegpu.examples.ProfileExplorer
 * -Dexec.args="killed at 12h"}.
 */
public final class ProfileExplorer {

  private final PlatformProfile profile;
  private final PrintStream out;

  private ProfileExplorer(PlatformProfile profile, PrintStream out) {
    this.profile = profile;
    this.out = out;
  }

  /** Entry point: prints the danger clocks and the answer to the query in {@code args}. */
  public static void main(String[] args) {
    int status = new ProfileExplorer(PaperspaceProfile.get(), System.out).run(Arrays.asList(args));
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Answers {@code args}; 0 when answered, 2 when the question names something unknown (an id, an event ...). */
  private int run(List<String> args) {
    printDangerClocks();
    if (args.isEmpty()) {
      answer(List.of("killed", "at", "12h"));
      answer(List.of("survives", "/storage/run-1/ckpt.pt", "STOP"));
      answer(List.of("survives", "/usr/local/lib/python3.11", "STOP", "gradient-notebook"));
      answer(List.of("survives", "/home/paperspace/ckpt", "DESTROY", "core-machine"));
      answer(List.of("bills"));
      return 0;
    }
    try {
      answer(args);
      return 0;
    } catch (IllegalArgumentException e) {
      out.println("Cannot answer: " + e.getMessage());
      return 2;
    }
  }

  private void printDangerClocks() {
    out.println("Danger clocks on " + profile.platform() + " (surface these before anything runs):");
    for (DangerClock clock : profile.dangerClocks()) {
      out.println("  [" + clock.severity() + "] " + clock.title() + " " + clock.gotchaIds());
      out.println("      " + clock.warning());
    }
    out.println();
  }

  private void answer(List<String> args) {
    String first = args.get(0).toLowerCase(Locale.ROOT);
    if (first.equals("survives") && args.size() >= 3) {
      answerSurvival(args);
    } else if (first.equals("bills") && args.size() == 1) {
      answerBilling();
    } else if (args.size() == 1 && first.matches("ps\\d+")) {
      printGotcha(profile.gotcha(first));
    } else {
      answerSymptom(String.join(" ", args));
    }
    out.println();
  }

  private void answerSymptom(String words) {
    GotchaSearchResult result = profile.searchGotchas(words);
    out.println("Gotchas matching \"" + words + "\": " + result.verdict());
    result.corrections().forEach((typed, searched) -> out.println("  (read \"" + typed + "\" as \"" + searched + "\")"));
    List<GotchaMatch> shown = result.confident() ? result.matches().stream().limit(3).toList() : result.nearest();
    for (GotchaMatch match : shown) {
      out.println(String.format(Locale.ROOT, "  %-5s %6.2f  %s", match.id(), match.score(), match.gotcha().title()));
      for (GotchaField field : GotchaField.values()) {
        List<String> matched = match.matchedTerms().stream().filter(t -> t.field() == field)
            .map(t -> sameWord(t.queryWords(), t.term()) ? t.queryWords() : t.queryWords() + " (as " + t.term() + ")")
            .distinct().toList();
        if (!matched.isEmpty()) {
          out.println(String.format(Locale.ROOT, "        %-12s %s", field.name().toLowerCase(Locale.ROOT),
              String.join(", ", matched)));
        }
      }
    }
    result.best().ifPresent(best -> {
      out.println();
      printGotcha(best.gotcha());
    });
  }

  private void printGotcha(Gotcha gotcha) {
    out.println("  " + gotcha);
    out.println("    symptom:    " + gotcha.symptom());
    out.println("    root cause: " + gotcha.rootCause());
    out.println("    fix:        " + gotcha.fix());
    gotcha.diagnostics().forEach(d -> out.println("    check:      " + d));
    gotcha.verifiedSource().ifPresent(source -> out.println("    verified:   " + spelledOut(source)
        + gotcha.verifiedDate().map(date -> " " + date).orElse("")));
  }

  /** Whether a matched term is just the stem of the words typed ("hours" and "hour"), not a synonym or a number. */
  private static boolean sameWord(String words, String term) {
    return words.equals(term) || !words.contains(" ") && !term.contains("_") && words.length() >= 3 && term.length() >= 3
        && words.regionMatches(0, term, 0, 3);
  }

  /** "DO pricing" reads "DigitalOcean docs: pricing": the seed abbreviates DigitalOcean's documentation as DO. */
  static String spelledOut(String source) {
    return source.replaceAll("\\bDO (?=\\S)", "DigitalOcean docs: ").replaceAll("\\bDO\\b", "DigitalOcean docs");
  }

  private void answerSurvival(List<String> args) {
    String path = args.get(1);
    LifecycleEvent event = LifecycleEvent.valueOf(args.get(2).toUpperCase(Locale.ROOT));
    StorageTier tier;
    String which;
    if (args.size() >= 4) {
      Flavour flavour = profile.flavour(args.get(3));
      tier = profile.survival().tierForPath(flavour, path).orElseThrow(() -> new IllegalArgumentException(
          "no storage tier of " + flavour.name() + " takes path '" + path + "'"));
      which = "you named the " + flavour.name();
    } else {
      List<StorageTier> tiers = profile.survival().tiersForPath(path);
      boolean answer = profile.survival().survives(path, event);  // refuses a path whose flavours disagree
      tier = tiers.stream().filter(t -> profile.survival().tierSurvives(t.id(), event) == answer).findFirst()
          .orElseThrow();
      which = tiers.size() == 1
          ? "only the " + tier.flavour().name() + " has a storage tier that takes " + path
          : "the " + tiers.stream().map(t -> t.flavour().name()).distinct().collect(Collectors.joining(" and "))
              + " both take " + path + " and agree";
    }
    SurvivalCell cell = profile.survival().cell(tier.id(), event);
    out.println("Does " + path + " survive " + event + " on a " + tier.flavour().name() + "? "
        + (cell.survives() ? "yes" : "NO"));
    out.println("  storage tier: " + tier.name() + " (" + tier.id() + ", " + tier.pathDescription() + ")");
    out.println("  which product: " + tier.flavour().name() + ", because " + which);
    out.println("  why: " + cell.note());
  }

  private void answerBilling() {
    out.println("Still billing after a stop (" + profile.billing().stopEffect() + "):");
    for (BillingRule rule : profile.billing().stillBillsWhenStopped()) {
      String price = rule.hourly()
          .map(r -> r.perHour() + "/h" + r.monthlyCap().map(c -> ", capped " + c.toDisplayString() + "/month")
              .orElse(""))
          .or(() -> rule.perGbMonth().map(p -> p.toDisplayString() + "/GB/month"))
          .or(() -> rule.examples().stream().findFirst()
              .map(e -> "about " + e.approxPerMonth().toDisplayString() + "/month for " + e.description()))
          .orElse("hourly, price not documented");
      out.println("  " + rule.resource() + ": " + price + "; ends by: " + rule.stoppedBy());
    }
    out.println("To stop every meter: " + String.join(", ", profile.billing().fullStopActions()) + ".");
    out.println("Iron Law: " + profile.ironLaw());
  }
}
