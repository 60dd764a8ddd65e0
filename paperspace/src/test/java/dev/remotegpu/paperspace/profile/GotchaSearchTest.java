package dev.remotegpu.paperspace.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.GotchaField;
import dev.remotegpu.core.profile.GotchaMatch;
import dev.remotegpu.core.profile.GotchaSearchResult;
import dev.remotegpu.core.profile.MatchedTerm;
import dev.remotegpu.core.profile.PlatformProfile;
import org.junit.jupiter.api.Test;

/** The ranking failures reported in issue 12, and what a search result says about itself. */
class GotchaSearchTest {

  private final PlatformProfile profile = PaperspaceProfile.get();

  private String first(String query) {
    return profile.gotchasMatching(query).stream().findFirst().map(Gotcha::id).orElse("none");
  }

  @Test
  void theFreeNotebooksSixHourCapIsPs2NotTheFreeQueue() {
    assertThat(first("free gpu notebook kicked me out after 6 hours")).isEqualTo("PS2");
  }

  @Test
  void aMachineThatSwitchedItselfOffUnderTmuxIsPs2() {
    assertThat(first("machine switched itself off while my tmux session was still attached")).isEqualTo("PS2");
  }

  @Test
  void noSpaceLeftOnDeviceIsOnePhraseAndFindsPs10() {
    GotchaSearchResult result = profile.searchGotchas("upload fails halfway with no space left on device");
    assertThat(result.matches().get(0).id()).isEqualTo("PS10");
    assertThat(result.matches().get(0).matchedTerms()).extracting(MatchedTerm::queryWords)
        .contains("no space left on device");
    // "no" and "on" are not words of their own any more
    assertThat(result.matches()).flatExtracting(GotchaMatch::matchedTerms).extracting(MatchedTerm::queryWords)
        .doesNotContain("no", "on");
  }

  @Test
  void whatKilledMyProcessIsTheDiagnosisLadderPs13() {
    assertThat(first("python process got killed randomly overnight, how do i tell what killed it")).isEqualTo("PS13");
  }

  @Test
  void pipInstallGradientWithoutNotebookCommandsIsPs4() {
    assertThat(first("pip install gradient gives me a module without notebook commands")).isEqualTo("PS4");
  }

  @Test
  void numbersInWordsMatchDigitsAndMonthlyMatchesMonth() {
    GotchaMatch twelve = profile.searchGotchas("run dies after twelve hours").matches().get(0);
    assertThat(twelve.id()).isEqualTo("PS2");
    assertThat(twelve.matchedTerms()).anySatisfy(t -> {
      assertThat(t.queryWords()).isEqualTo("twelve");
      assertThat(t.term()).isEqualTo("12");
    });
    GotchaMatch monthly = profile.searchGotchas("monthly charge after i destroyed the machine").matches().get(0);
    assertThat(monthly.id()).isEqualTo("PS9");
    assertThat(monthly.wordsByField().get(GotchaField.SYMPTOM)).contains("monthly");
  }

  @Test
  void aMatchSaysItsScoreAndWhichWordsMatchedInWhichField() {
    GotchaSearchResult result = profile.searchGotchas("switched off but the invoice keeps climbing");
    GotchaMatch best = result.best().orElseThrow();
    assertThat(best.id()).isEqualTo("PS1");
    assertThat(best.score()).isGreaterThan(result.threshold());
    assertThat(best.wordsByField()).containsKey(GotchaField.TITLE);
    assertThat(best.matchedTerms()).anySatisfy(t -> {
      assertThat(t.queryWords()).isEqualTo("invoice");
      assertThat(t.term()).isEqualTo("bill");
      assertThat(t.score()).isPositive();
    });
    assertThat(best.matchedTerms()).extracting(MatchedTerm::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(result.verdict()).startsWith("PS1 (score ");
    for (GotchaMatch match : result.matches()) {
      assertThat(match.matchedTerms().stream().mapToDouble(MatchedTerm::score).sum()).as("terms of %s", match.id())
          .isCloseTo(match.score(), org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void anOrdinarySentenceNoLongerMatchesMostGotchas() {
    assertThat(profile.searchGotchas("my training run stopped and i lost my files").matches()).hasSizeLessThanOrEqualTo(6);
  }

  @Test
  void nothingConfidentComesWithTheNearestCandidates() {
    GotchaSearchResult result = profile.searchGotchas("best hiking trails near denver in autumn");
    assertThat(result.confident()).isFalse();
    assertThat(result.best()).isEmpty();
    assertThat(result.nearest()).hasSizeLessThanOrEqualTo(GotchaSearchResult.NEAREST);
    assertThat(result.verdict()).startsWith("no confident match");
    assertThat(profile.searchGotchas("").matches()).isEmpty();
    assertThat(profile.searchGotchas("").verdict()).contains("no word of the query matched");
  }

  @Test
  void aMisspeltWordIsCorrectedAndSaysSo() {
    GotchaSearchResult result = profile.searchGotchas("powerd off the machine but still chraged");
    assertThat(result.corrections()).containsEntry("powerd", "powered");
    assertThat(result.matches().get(0).id()).isEqualTo("PS1");
  }

  @Test
  void aGotchaIdFindsThatGotcha() {
    assertThat(first("what is ps9")).isEqualTo("PS9");
  }
}
