package dev.remotegpu.paperspace.checks;

import static dev.remotegpu.paperspace.profile.PaperspaceProfile.CORE_MACHINE;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_FREE_NOTEBOOK;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_PAID_NOTEBOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.profile.Severity;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutoShutdownCheckTest {

  private final AutoShutdownCheck check = new AutoShutdownCheck();

  @Test
  void aRunLongerThanTheFreeHardCapIsKilled() {
    assertThat(check.check(new PlannedRun(GRADIENT_FREE_NOTEBOOK, Duration.ofHours(10), Optional.empty())))
        .singleElement().satisfies(f -> {
          assertThat(f.gotchaId()).isEqualTo("PS2");
          assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
          assertThat(f.message()).contains("10 h").contains("6 h");
          assertThat(f.fix()).contains("hard cap").contains("split the run");
        });
  }

  @Test
  void aPaidNotebookRunPastTheTwelveHourDefaultIsKilled() {
    assertThat(check.check(new PlannedRun(GRADIENT_PAID_NOTEBOOK, Duration.ofHours(20), Optional.empty())))
        .singleElement().satisfies(f -> {
          assertThat(f.message()).contains("at 12 h");
          assertThat(f.evidence()).contains("product default");
          assertThat(f.fix()).contains("Raise the window to at least 20 h");
        });
  }

  @Test
  void aCoreRunPastItsWindowMentionsWallClockAndTheConsole() {
    assertThat(check.check(new PlannedRun(CORE_MACHINE, Duration.ofHours(30), Optional.of(Duration.ofHours(24)))))
        .singleElement().satisfies(f -> {
          assertThat(f.message()).contains("wall-clock");
          assertThat(f.fix()).contains("console");
        });
  }

  @Test
  void aWindowOutsideThePolicyIsFlaggedAndClamped() {
    assertThat(check.check(new PlannedRun(GRADIENT_FREE_NOTEBOOK, Duration.ofHours(8), Optional.of(Duration.ofHours(9)))))
        .hasSize(2).first().satisfies(f -> assertThat(f.message()).contains("cannot be set"));
  }

  @Test
  void aCheckpointCadenceLongerThanTheWindowNeverLandsACheckpoint() {
    assertThat(check.check(new PlannedRun(GRADIENT_PAID_NOTEBOOK, Duration.ofHours(11), Optional.of(Duration.ofHours(4)),
        Optional.of(Duration.ofHours(5))))).extracting(f -> f.message())
        .anyMatch(m -> m.contains("No checkpoint lands before the auto-shutdown"));
  }

  @Test
  void coreWithNoWindowSetWarns() {
    assertThat(check.check(new PlannedRun(CORE_MACHINE, Duration.ofHours(2), Optional.empty())))
        .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
  }

  @Test
  void aRunThatFitsItsWindowHasNoFinding() {
    assertThat(check.check(new PlannedRun(GRADIENT_PAID_NOTEBOOK, Duration.ofHours(2), Optional.empty()))).isEmpty();
    assertThat(check.check(new PlannedRun(CORE_MACHINE, Duration.ofHours(20), Optional.of(Duration.ofHours(24)),
        Optional.of(Duration.ofHours(1))))).isEmpty();
    assertThat(check.check(new PlannedRun(GRADIENT_FREE_NOTEBOOK, Duration.ofHours(6), Optional.empty()))).isEmpty();
  }

  @Test
  void nonPositiveDurationsAreRefusedNamingThem() {
    assertThatThrownBy(() -> new PlannedRun(CORE_MACHINE, Duration.ZERO, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plannedLength");
    assertThatThrownBy(() -> new PlannedRun(CORE_MACHINE, Duration.ofHours(1), Optional.of(Duration.ofHours(-1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoShutdownWindow");
  }
}
