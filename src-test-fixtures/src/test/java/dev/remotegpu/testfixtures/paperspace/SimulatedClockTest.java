package dev.remotegpu.testfixtures.paperspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.testfixtures.SimulatedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {

  @Test
  void movesOnlyWhenToldAndTellsItsListeners() {
    SimulatedClock clock = SimulatedClock.at("2026-01-01T00:00:00Z");
    List<Instant> seen = new CopyOnWriteArrayList<>();
    Consumer<Instant> listener = seen::add;
    clock.addListener(listener);

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.advance(Duration.ofHours(2))).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
    clock.set(Instant.parse("2025-12-31T00:00:00Z"));
    clock.removeListener(listener);
    clock.advance(Duration.ofMinutes(1));

    assertThat(seen).containsExactly(Instant.parse("2026-01-01T02:00:00Z"), Instant.parse("2025-12-31T00:00:00Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2025-12-31T00:01:00Z").toEpochMilli());
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aZonedViewSharesTheSameTime() {
    SimulatedClock clock = SimulatedClock.at("2026-01-01T00:00:00Z");
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void concurrentAdvancesAllCount() throws InterruptedException {
    SimulatedClock clock = SimulatedClock.at("2026-01-01T00:00:00Z");
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          clock.advance(Duration.ofSeconds(1));
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T01:06:40Z"));
  }
}
