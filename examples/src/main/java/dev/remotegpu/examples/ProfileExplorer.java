package dev.remotegpu.examples;

import dev.remotegpu.core.profile.BillingRule;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.Flavour;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.LifecycleEvent;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints the Paperspace danger clocks, then answers one query given as arguments:
 * <ul>
 *   <li>symptom words, e.g. {@code killed at 12h} or {@code still billed}: the matching gotchas, best first;</li>
 *   <li>a gotcha id, e.g. {@code PS9}: that gotcha in full;</li>
 *   <li>{@code survives PATH STOP|DESTROY [FLAVOUR]}: whether data at PATH survives the event;</li>
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
    new ProfileExplorer(PaperspaceProfile.get(), System.out).run(Arrays.asList(args));
  }

  private void run(List<String> args) {
    printDangerClocks();
    if (args.isEmpty()) {
      answer(List.of("killed", "at", "12h"));
      answer(List.of("survives", "/storage/run-1/ckpt.pt", "STOP"));
      answer(List.of("survives", "/usr/local/lib/python3.11", "STOP", "gradient-notebook"));
      answer(List.of("survives", "/home/paperspace/ckpt", "DESTROY", "core-machine"));
      answer(List.of("bills"));
      return;
    }
    try {
      answer(args);
    } catch (IllegalArgumentException e) {
      out.println("Cannot answer: " + e.getMessage());
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
    List<Gotcha> matches = profile.gotchasMatching(words);
    out.println("Gotchas matching \"" + words + "\":");
    if (matches.isEmpty()) {
      out.println("  none; known: " + profile.gotchas().stream().map(Gotcha::id).toList());
      return;
    }
    printGotcha(matches.get(0));
    matches.stream().skip(1).limit(3).forEach(g -> out.println("  also: " + g));
  }

  private void printGotcha(Gotcha gotcha) {
    out.println("  " + gotcha);
    out.println("    symptom:    " + gotcha.symptom());
    out.println("    root cause: " + gotcha.rootCause());
    out.println("    fix:        " + gotcha.fix());
    gotcha.diagnostics().forEach(d -> out.println("    check:      " + d));
    gotcha.verifiedSource().ifPresent(source -> out.println("    verified:   " + source
        + gotcha.verifiedDate().map(date -> " " + date).orElse("")));
  }

  private void answerSurvival(List<String> args) {
    String path = args.get(1);
    LifecycleEvent event = LifecycleEvent.valueOf(args.get(2).toUpperCase(Locale.ROOT));
    if (args.size() >= 4) {
      Flavour flavour = profile.flavour(args.get(3));
      boolean survives = profile.survival().survives(flavour, path, event);
      String tier = profile.survival().tierForPath(flavour, path).map(t -> t.name()).orElse("?");
      out.println("Does " + path + " survive " + event + " on a " + flavour.name() + "? " + (survives ? "yes" : "NO")
          + " (" + tier + ")");
    } else {
      boolean survives = profile.survival().survives(path, event);
      out.println("Does " + path + " survive " + event + "? " + (survives ? "yes" : "NO"));
    }
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
