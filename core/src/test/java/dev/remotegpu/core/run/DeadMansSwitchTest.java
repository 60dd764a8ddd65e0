package dev.remotegpu.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.profile.AutoShutdownPolicy;
import dev.remotegpu.core.profile.Flavour;
import dev.remotegpu.core.profile.Product;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadMansSwitchTest {

  private static final AutoShutdownPolicy CORE = new AutoShutdownPolicy(
      new Product("core-machine", "Core machine", new Flavour("core", "Core"), false), Optional.empty(),
      Optional.of(Duration.ofHours(1)), Duration.ofDays(7), false, true, false, "1 h to 1 week");

  @Test
  void theWindowIsTheSmallestWholeHourCoveringTheRunOrTheNextCheckpointWhenTheRunDoesNotFit() {
    assertThat(DeadMansSwitch.window(Duration.ofMinutes(150), Optional.empty(), CORE)).isEqualTo(Duration.ofHours(3));
    assertThat(DeadMansSwitch.window(Duration.ofMinutes(10), Optional.empty(), CORE)).isEqualTo(Duration.ofHours(1));
    assertThat(DeadMansSwitch.window(Duration.ofHours(3), Optional.empty(), CORE)).isEqualTo(Duration.ofHours(3));
    // Ten days do not fit one week: the supervisor restarts, so the window covers one checkpoint interval.
    assertThat(DeadMansSwitch.window(Duration.ofDays(10), Optional.of(Duration.ofMinutes(90)), CORE))
        .isEqualTo(Duration.ofHours(2));
    assertThat(DeadMansSwitch.window(Duration.ofDays(10), Optional.empty(), CORE)).isEqualTo(Duration.ofDays(7));
  }
}
