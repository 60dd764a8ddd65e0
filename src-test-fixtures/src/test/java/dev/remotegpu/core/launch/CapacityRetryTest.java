package dev.remotegpu.core.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.testfixtures.doubles.RecordingLaunchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CapacityRetryTest {
  private static final LaunchCandidate A4000 = new LaunchCandidate("A4000", "ny2");
  private static final LaunchCandidate A5000 = new LaunchCandidate("A5000", "ca1");

  private static CapacityRetry.Builder fast() {
    return CapacityRetry.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5))
        .deadline(Duration.ofSeconds(20));
  }

  @Test
  void firstThreeAttemptsMeetNoCapacityAndTheFourthSucceedsWithEveryAttemptReported() {
    RecordingLaunchListener listener = new RecordingLaunchListener();
    AtomicInteger calls = new AtomicInteger();
    String result = fast().listener(listener).build().run(List.of(A4000), (candidate, attempt) -> {
      if (calls.incrementAndGet() <= 3) {
        throw new CapacityUnavailableException("out of capacity #" + attempt);
      }
      return "machine-" + attempt;
    });

    assertThat(result).isEqualTo("machine-4");
    assertThat(listener.events()).containsExactly(
        "start 1 A4000@ny2", "fail 1 A4000@ny2 out of capacity #1", "wait before round 2",
        "start 2 A4000@ny2", "fail 2 A4000@ny2 out of capacity #2", "wait before round 3",
        "start 3 A4000@ny2", "fail 3 A4000@ny2 out of capacity #3", "wait before round 4",
        "start 4 A4000@ny2");
  }

  @Test
  void aRoundTriesEveryCandidateInOrderBeforeBackingOff() {
    RecordingLaunchListener listener = new RecordingLaunchListener();
    List<LaunchCandidate> tried = Collections.synchronizedList(new ArrayList<>());
    String result = fast().listener(listener).build().run(List.of(A4000, A5000), (candidate, attempt) -> {
      tried.add(candidate);
      if (candidate.equals(A4000)) {
        throw new CapacityUnavailableException("no A4000");
      }
      return "ok on " + candidate;
    });

    assertThat(result).isEqualTo("ok on A5000@ca1");
    assertThat(tried).containsExactly(A4000, A5000);
    assertThat(listener.events()).noneMatch(e -> e.startsWith("wait"));
  }

  @Test
  void theDeadlineEndsTheLaunchWithEveryAttemptAndItsReasonListed() {
    CapacityRetry retry = CapacityRetry.builder().deadline(Duration.ofMillis(150))
        .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(20)).build();

    assertThatThrownBy(() -> retry.run(List.of(A4000, A5000), (candidate, attempt) -> {
      throw new CapacityUnavailableException("sold out of " + candidate.machineType());
    }))
        .isInstanceOf(LaunchFailedException.class)
        .isInstanceOf(CapacityUnavailableException.class)
        .hasMessageContaining("#1 A4000@ny2: sold out of A4000")
        .hasMessageContaining("#2 A5000@ca1: sold out of A5000")
        .satisfies(e -> {
          List<LaunchAttempt> attempts = ((LaunchFailedException) e).attempts();
          assertThat(attempts.size()).isGreaterThanOrEqualTo(4);
          assertThat(attempts).extracting(LaunchAttempt::number)
              .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, attempts.size()).boxed().toList());
          assertThat(e.getMessage()).contains(attempts.size() + " attempts");
        });
  }

  @Test
  void aFailureThatIsNotAboutCapacityIsNeverRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> fast().build().run(List.of(A4000, A5000), (candidate, attempt) -> {
      calls.incrementAndGet();
      throw ValidationException.ofField("templateId", "unknown template");
    })).isInstanceOf(ValidationException.class).hasMessageContaining("templateId");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aThrowingListenerDoesNotBreakTheLaunch() {
    LaunchListener broken = new LaunchListener() {
      @Override
      public void attemptStarted(int attempt, LaunchCandidate candidate) {
        throw new IllegalStateException("listener bug");
      }
    };
    String result = fast().listener(broken).build().<String>run(List.of(A4000), (c, n) -> "fine");
    assertThat(result).isEqualTo("fine");
  }

  @Test
  void badSettingsAreRefusedByTheBuilder() {
    assertThatThrownBy(() -> CapacityRetry.builder().jitter(1.0)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> CapacityRetry.builder().deadline(Duration.ofSeconds(-1))).hasMessageContaining("deadline");
    assertThatThrownBy(() -> CapacityRetry.builder().initialBackoff(Duration.ofSeconds(5))
        .maxBackoff(Duration.ofSeconds(1)).build()).hasMessageContaining("maxBackoff");
  }
}
