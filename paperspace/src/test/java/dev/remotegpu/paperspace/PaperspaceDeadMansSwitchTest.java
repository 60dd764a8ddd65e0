package dev.remotegpu.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.testfixtures.SimulatedClock;
import dev.remotegpu.testfixtures.paperspace.PaperspaceSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PS2 on the platform itself: a launch without an auto-shutdown needs the named opt-out, not just a missing value. */
class PaperspaceDeadMansSwitchTest {

  @Test
  void aLaunchWithNoAutoShutdownAndNoNamedOptOutIsRefusedBeforeAnyRequest() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T10:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      LaunchRequest unset = new LaunchRequest(List.of(new LaunchCandidate("A4000", "ny2")), Optional.empty(), 100,
          PublicIpType.DYNAMIC, Optional.empty(), "dms", Duration.ofSeconds(5), Duration.ofMillis(1),
          Duration.ofMillis(5));

      assertThatThrownBy(() -> paperspace.launch(unset))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("autoShutdown")
          .hasMessageContaining("withoutAutoShutdown()")
          .satisfies(e -> assertThat(((ValidationException) e).gotchaId()).contains("PS2"));
      assertThat(sim.requests()).isEmpty();
      assertThat(sim.account().machines()).isEmpty();
    }
  }

  @Test
  void theNamedOptOutStillLaunchesAMachineWithoutAutoShutdown() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T10:00:00Z");
    try (PaperspaceSimulator sim = PaperspaceSimulator.builder().clock(clock).transitionDelay(Duration.ZERO).build()
        .start()) {
      PaperspacePlatform paperspace = SimulatedPaperspace.platform(sim, clock);
      LaunchRequest waived = LaunchRequest.of("A4000", "ny2").runId("dms").withoutAutoShutdown();
      assertThat(waived.autoShutdownWaived()).isTrue();
      assertThat(waived.autoShutdown(Duration.ofHours(2)).autoShutdownWaived()).isFalse();

      Machine m = SimulatedPaperspace.launchReady(paperspace, waived, "dms", Duration.ofSeconds(5));
      assertThat(m.autoShutdown()).isEmpty();
    }
  }
}
