package dev.remotegpu.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.PlatformProfile;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointCadenceTest {
  static final Duration C = Duration.ofSeconds(30);
  static final Duration MU = Duration.ofHours(3);
  static final Duration STEP = Duration.ofSeconds(2);

  @Test
  void theSkillsWorkedExample() {
    assertThat(CheckpointCadence.youngDaly(MU, C).toMillis()).isEqualTo(804_984);
    assertThat(CheckpointCadence.plan(MU, C, STEP).everySteps()).isEqualTo(402);
    assertThat(CheckpointCadence.plan(MU, C, STEP, 100).everySteps()).isEqualTo(400);
  }

  @Test
  void roundsDownButNeverBelowOneGranule() {
    assertThat(CheckpointCadence.plan(MU, C, Duration.ofSeconds(3000)).everySteps()).isEqualTo(1);
    assertThat(CheckpointCadence.plan(MU, C, STEP, 1000).everySteps()).isEqualTo(1000);
  }

  @Test
  void boundsTheLastCheckpointBeforeAutoShutdown() {
    CheckpointCadence plan = CheckpointCadence.plan(MU, C, STEP, 100);

    CheckpointCadence far = plan.boundedBy(Duration.ofHours(12));
    assertThat(far.everySteps()).isEqualTo(400);
    assertThat(far.lastCheckpointAtStep()).contains(21_500L); // (43200 - 30) / 2 = 21585 -> 21500

    CheckpointCadence near = plan.boundedBy(Duration.ofSeconds(530));
    assertThat(near.everySteps()).isEqualTo(200); // (530 - 30) / 2 = 250 -> 200
    assertThat(near.lastCheckpointAtStep()).contains(200L);

    CheckpointCadence veryNear = plan.boundedBy(Duration.ofSeconds(100));
    assertThat(veryNear.lastCheckpointAtStep()).contains(35L); // under one granule: any step
    assertThat(veryNear.everySteps()).isEqualTo(35);
  }

  @Test
  void refusesWhenNoCheckpointFitsBeforeShutdown() {
    CheckpointCadence plan = CheckpointCadence.plan(MU, C, STEP);
    assertThatThrownBy(() -> plan.boundedBy(Duration.ofSeconds(20)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("timeLeft")
        .satisfies(e -> assertThat(((ValidationException) e).gotchaId()).isEmpty());
    assertThatThrownBy(() -> CheckpointCadence.plan(Duration.ZERO, C, STEP)).isInstanceOf(ValidationException.class);
  }

  /** Attack: the refusal cited one platform's gotcha ("PS2") on every platform; it cites the profile's, or none. */
  @Test
  void aRefusalCitesTheProfilesAutoShutdownGotchaOrNone() {
    CheckpointCadence plan = CheckpointCadence.plan(MU, C, STEP);
    assertThatThrownBy(() -> plan.boundedBy(Duration.ofSeconds(20), profileWithAutoShutdownGotcha(Optional.of("T2"))))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).gotchaId()).contains("T2"));
    assertThatThrownBy(() -> plan.boundedBy(Duration.ofSeconds(20), profileWithAutoShutdownGotcha(Optional.empty())))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).gotchaId()).isEmpty());
  }

  private static PlatformProfile profileWithAutoShutdownGotcha(Optional<String> id) {
    return (PlatformProfile) Proxy.newProxyInstance(PlatformProfile.class.getClassLoader(),
        new Class<?>[] {PlatformProfile.class}, (proxy, method, args) -> {
          if (method.getName().equals("gotchaIdFor") && args[0] == Hazard.AUTO_SHUTDOWN) {
            return id;
          }
          throw new AssertionError("unexpected call PlatformProfile." + method.getName());
        });
  }
}
