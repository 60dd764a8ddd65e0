package dev.remotegpu.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncBenchmarkPlanTest {
  private static SyncBenchmarkPlan plan(int[] fileMiB, int[] treeFiles, boolean pushFile, int slowRounds) {
    return new SyncBenchmarkPlan(3, new int[] {0, 20, 80}, 125_000_000L, fileMiB, treeFiles, pushFile, false, 50,
        slowRounds);
  }

  @Test
  void openSshToolsRunFewerRoundsOnlyOnLinksFromTheThreshold() {
    SyncBenchmarkPlan plan = plan(new int[] {1024, 1024, 1024}, new int[] {200, 200, 200}, true, 1);

    assertThat(plan.roundsFor(0, true)).isEqualTo(3);
    assertThat(plan.roundsFor(20, true)).isEqualTo(3);
    assertThat(plan.roundsFor(80, true)).isEqualTo(1);
    assertThat(plan.roundsFor(80, false)).isEqualTo(3); // the SDK always runs every round
  }

  @Test
  void theEstimateMatchesTheLastIdleRunOfTheOldDefaultsAndTheCutShortensTheNewOnes() {
    double old = plan(new int[] {1024, 1024, 256}, new int[] {200, 200, 40}, false, 3).estimatedSeconds();
    double full = plan(new int[] {1024, 1024, 1024}, new int[] {200, 200, 200}, true, 3).estimatedSeconds();
    double cut = plan(new int[] {1024, 1024, 1024}, new int[] {200, 200, 200}, true, 1).estimatedSeconds();

    assertThat(old).isBetween(0.9 * 742, 1.1 * 742); // 12 min 22 s on the idle machine, 2026-11-30
    assertThat(cut).isLessThan(25 * 60).isLessThan(full - 8 * 60);
  }

  @Test
  void pushNamesFileTreeBothOrNoneAndRefusesAnythingElse() {
    assertThat(SyncBenchmarkPlan.pushes("file")).containsExactly(true, false);
    assertThat(SyncBenchmarkPlan.pushes("tree, file")).containsExactly(true, true);
    assertThat(SyncBenchmarkPlan.pushes("true")).containsExactly(true, true);
    assertThat(SyncBenchmarkPlan.pushes("none")).containsExactly(false, false);
    assertThatThrownBy(() -> SyncBenchmarkPlan.pushes("files")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("push=files");
  }
}
