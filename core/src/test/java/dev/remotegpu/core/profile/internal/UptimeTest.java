package dev.remotegpu.core.profile.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UptimeTest {

  @ParameterizedTest(name = "''{0}'' -> {1} min")
  @CsvSource(delimiter = ';', value = {
      " 10:15:01 up 3 min,  1 user,  load average: 0.08, 0.03, 0.01; 3",
      " 10:15:01 up 2 days,  3:04,  2 users,  load average: 0.52, 0.58, 0.59; 3064",
      " 21:07:44 up 12:01,  0 users,  load average: 0.00, 0.00, 0.00; 721",
      " 08:00:00 up 1 day, 5 min,  1 user,  load average: 1.00, 1.00, 1.00; 1445",
      "up 1 week, 2 hours, 5 minutes; 10205",
      "up 45 minutes; 45",
      " 10:15:01 up 0 min,  load average: 0.00, 0.00, 0.00; 0",
      "up 3 min; 3",
      " 09:00:00 up 1 day, 12:30,  3 users,  load average: 0.10, 0.10, 0.10; 2190",
      "up 2 hours, 1 minute; 121"})
  void readsClassicAndPrettyOutput(String output, long minutes) {
    assertThat(Uptime.parse(output)).isEqualTo(Duration.ofMinutes(minutes));
  }

  @Test
  void refusesOutputWithoutAnUptime() {
    assertThatThrownBy(() -> Uptime.parse("hello")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uptimeOutput").hasMessageContaining("hello");
    assertThatThrownBy(() -> Uptime.parse("up and running")).isInstanceOf(IllegalArgumentException.class);
  }
}
