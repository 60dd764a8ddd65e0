package dev.remotegpu.paperspace.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.paperspace.profile.PaperspaceProfile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PaperspaceChecksTest {

  @Test
  void thereIsACheckForEveryGotcha() {
    // PS11 has two: the GPU stack output and the launch's template
    assertThat(PaperspaceChecks.all().stream().map(Check::gotchaId).distinct().toList())
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 13).mapToObj(i -> "PS" + i).toList());
  }

  @Test
  void runAllDispatchesEachObservationToItsChecks() {
    List<Finding> findings = PaperspaceChecks.runAll(
        new PlannedRun(PaperspaceProfile.GRADIENT_FREE_NOTEBOOK, Duration.ofHours(10), Optional.empty()),
        ImageReference.of("me/trainer:latest"),
        new RunVanishedObservation("", "", "", Optional.empty()),
        LeftoverBillables.all(List.of()));
    assertThat(findings).extracting(Finding::gotchaId).containsExactly("PS2", "PS12");
  }

  @Test
  void anUnknownObservationTypeIsRefusedNamingIt() {
    assertThatThrownBy(() -> PaperspaceChecks.runAll("uptime"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String")
        .hasMessageContaining("PlannedRun");
  }
}
