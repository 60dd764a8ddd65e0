package dev.remotegpu.paperspace.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LaunchValidationTest {

  @Test
  void freeMachineTypesAcceptUpToSixHoursAndNoMore() {
    assertThatCode(() -> LaunchValidation.validate(LaunchRequest.of("Free-P5000", "ny2")
        .autoShutdown(Duration.ofHours(6)))).doesNotThrowAnyException();
    assertThatThrownBy(() -> LaunchValidation.validate(LaunchRequest.of("A4000", "ny2").fallback("Free-GPU", "ny2")
        .autoShutdown(Duration.ofHours(12))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("autoShutdown")
        .hasMessageContaining("Free-GPU");
  }

  @Test
  void diskSizesFollowBlockStorageLimitsAndTheApiEnum() {
    assertThatCode(() -> LaunchValidation.validate(LaunchRequest.of("A4000", "ny2").diskSizeGb(2000)))
        .doesNotThrowAnyException();
    assertThatCode(() -> LaunchValidation.validate(LaunchRequest.of("A4000", "ny2").diskSizeGb(4000)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> LaunchValidation.validate(LaunchRequest.of("A4000", "ny2").diskSizeGb(3000)))
        .hasMessageContaining("diskSizeGb");
    assertThatThrownBy(() -> LaunchValidation.validate(LaunchRequest.of("A4000", "ny2").diskSizeGb(0)))
        .hasMessageContaining("diskSizeGb").hasMessageContaining("50 GB");
  }

  @Test
  void everyBadFieldIsNamedInOneException() {
    assertThatThrownBy(() -> LaunchValidation.validate(LaunchRequest.of("A4000", "sfo3").fallback("", "ams1")
        .diskSizeGb(10).autoShutdown(Duration.ofMinutes(90))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("candidates[0].region")
        .hasMessageContaining("candidates[1].machineType")
        .hasMessageContaining("diskSizeGb")
        .hasMessageContaining("autoShutdown");
  }
}
