package dev.remotegpu.core.profile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.profile.Gotcha;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GotchaSearchTest {

  private static Gotcha gotcha(String id, String title, String symptom, List<String> keywords) {
    return new Gotcha(id, title, symptom, "cause", "fix", List.of(), Optional.empty(), Optional.empty(),
        keywords, List.of());
  }

  private static final List<Gotcha> GOTCHAS = List.of(
      gotcha("X1", "Stopped, still billed", "the bill climbs", List.of("charges")),
      gotcha("X2", "Run dies at a round number", "training vanishes at 12 h", List.of("killed", "12h")),
      gotcha("X3", "Install vanishes", "packages gone", List.of()));

  @Test
  void ranksByWeightedWordOverlapWithCrudeStems() {
    assertThat(GotchaSearch.rank(GOTCHAS, "killed at 12h")).extracting(Gotcha::id).startsWith("X2");
    assertThat(GotchaSearch.rank(GOTCHAS, "vanished at 12 h")).extracting(Gotcha::id).containsExactly("X2", "X3");
    assertThat(GotchaSearch.rank(GOTCHAS, "billing")).extracting(Gotcha::id).containsExactly("X1");
  }

  @Test
  void anIdFindsItsGotchaFirst() {
    assertThat(GotchaSearch.rank(GOTCHAS, "x3 charges")).extracting(Gotcha::id).startsWith("X3");
  }

  @Test
  void noSearchableWordGivesNothing() {
    assertThat(GotchaSearch.rank(GOTCHAS, "")).isEmpty();
    assertThat(GotchaSearch.rank(GOTCHAS, "the at of")).isEmpty();
    assertThat(GotchaSearch.rank(GOTCHAS, "zebra")).isEmpty();
  }

  @Test
  void stemsFoldCommonSuffixes() {
    assertThat(GotchaSearch.stem("billed")).isEqualTo(GotchaSearch.stem("billing")).isEqualTo("bill");
    assertThat(GotchaSearch.stem("vanished")).isEqualTo(GotchaSearch.stem("vanishes"));
    assertThat(GotchaSearch.stem("stopped")).isEqualTo("stop");
  }
}
