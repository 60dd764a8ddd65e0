package dev.remotegpu.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Two programs that leave the run id at its default must never share it (one would adopt the other's machine). */
class LaunchRequestRunIdTest {
  @Test
  void twoRequestsWithTheDefaultRunIdGetDifferentRunIds() {
    String first = LaunchRequest.of("A4000", "ny2").runId();
    String second = LaunchRequest.of("A4000", "ny2").runId();
    assertThat(first).matches("run-[0-9a-z]{10}").isNotEqualTo(second);
    assertThat(LaunchRequest.of("A4000", "ny2").runId("r42").runId()).isEqualTo("r42");
  }
}
