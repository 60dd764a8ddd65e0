package dev.remotegpu.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.CapacityUnavailableException;
import dev.remotegpu.core.RateLimitException;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.ServerException;
import dev.remotegpu.core.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

  /** A clock a sleeper moves: the waits of a retry land on it, and none is real. */
  static final class SteppedTime extends Clock {
    private volatile Instant now = Instant.parse("2026-11-30T00:00:00Z");
    final List<Duration> pauses = new ArrayList<>();

    TimeSource source() {
      return new TimeSource(this, d -> {
        pauses.add(d);
        now = now.plus(d);
      });
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static ServerException serverError() {
    return new ServerException("Paperspace answered 503 to GET /machines", "m1", null);
  }

  @Test
  void waitsComeFromResilience4jsExponentialFunctionCappedAtTheMaximum() {
    BackoffPolicy policy = BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10)).jitter(0);

    assertThat(List.of(1, 2, 3, 4, 5, 6).stream().map(policy::interval)).containsExactly(Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(10),
        Duration.ofSeconds(10));
    BackoffPolicy jittered = policy.jitter(0.5);
    for (int i = 0; i < 50; i++) {
      assertThat(jittered.interval(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
    }
    assertThat(BackoffPolicy.fixed(Duration.ofSeconds(5)).interval(7)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void eachBoundIsCheckedAndNamed() {
    assertThatThrownBy(() -> BackoffPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("initialInterval");
    assertThatThrownBy(() -> BackoffPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("maxInterval");
    assertThatThrownBy(() -> BackoffPolicy.httpDefault().jitter(1.0)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> BackoffPolicy.httpDefault().multiplier(0.5)).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> BackoffPolicy.httpDefault().maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> BackoffPolicy.httpDefault().deadline(Duration.ofSeconds(-1)))
        .hasMessageContaining("deadline");
  }

  @Test
  void theDefaultsAreTodaysIntervalsAndDeadlines() {
    BackoffPolicy http = BackoffPolicy.httpDefault();
    assertThat(http.initialInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(http.maxInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.maxAttempts()).isEqualTo(4);
    assertThat(http.deadline()).isEqualTo(Duration.ofMinutes(2));
    BackoffPolicy capacity = BackoffPolicy.capacityDefault();
    assertThat(capacity.initialInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(capacity.maxInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(capacity.deadline()).isEqualTo(Duration.ofMinutes(30));
    assertThat(capacity.hasDeadline()).isTrue();
    assertThat(BackoffPolicy.fixed(Duration.ofSeconds(1)).hasDeadline()).isFalse();
  }

  @Test
  void onlyWhatIsRetryableIsRetriedAndTheWaitsLandOnTheTimeSource() {
    SteppedTime time = new SteppedTime();
    AtomicInteger calls = new AtomicInteger();
    BackoffPolicy policy = BackoffPolicy.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1)).jitter(0)
        .maxAttempts(5);

    String result = policy.retry(time.source(), "GET /x", e -> e instanceof ServerException, () -> {
      if (calls.incrementAndGet() < 4) {
        throw serverError();
      }
      return "ok";
    });

    assertThat(result).isEqualTo("ok");
    assertThat(time.pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));

    AtomicInteger validations = new AtomicInteger();
    assertThatThrownBy(() -> policy.retry(time.source(), "POST /x", e -> e instanceof ServerException, () -> {
      validations.incrementAndGet();
      throw ValidationException.ofField("name", "bad");
    })).isInstanceOf(ValidationException.class);
    assertThat(validations).hasValue(1);
  }

  @Test
  void spentAttemptsEndWithTheLastFailureAndANoteOfWhy() {
    SteppedTime time = new SteppedTime();
    AtomicInteger calls = new AtomicInteger();
    BackoffPolicy policy = BackoffPolicy.fixed(Duration.ofSeconds(3)).maxAttempts(3);

    assertThatThrownBy(() -> policy.retry(time.source(), "GET /busy", e -> true, () -> {
      calls.incrementAndGet();
      throw serverError();
    })).isInstanceOf(ServerException.class)
        .satisfies(e -> assertThat(Arrays.stream(e.getSuppressed()).map(Throwable::getMessage))
            .containsExactly("gave up retrying GET /busy after 3 attempt(s) in PT6S: its 3 attempt(s) are spent"));
    assertThat(calls).hasValue(3);
  }

  @Test
  void noWaitLastsPastTheDeadlineAndThePassedDeadlineIsNamed() {
    SteppedTime time = new SteppedTime();
    BackoffPolicy policy = BackoffPolicy.fixed(Duration.ofMinutes(20)).deadline(Duration.ofMinutes(50));

    assertThatThrownBy(() -> policy.retry(time.source(), "launch", e -> e instanceof CapacityUnavailableException,
        () -> {
          throw new CapacityUnavailableException("out of capacity");
        })).isInstanceOf(CapacityUnavailableException.class)
        .satisfies(e -> assertThat(e.getSuppressed()[0].getMessage()).contains("deadline of PT50M passed"));
    assertThat(time.pauses).containsExactly(Duration.ofMinutes(20), Duration.ofMinutes(20), Duration.ofMinutes(10));
  }

  @Test
  void aRetryAfterLongerThanTheBackoffIsWaitedAndOnePastTheDeadlineGivesUpAtOnce() {
    SteppedTime time = new SteppedTime();
    AtomicInteger calls = new AtomicInteger();
    BackoffPolicy policy = BackoffPolicy.exponential(Duration.ofMillis(500), Duration.ofSeconds(10))
        .deadline(Duration.ofMinutes(10));

    policy.retry(time.source(), "GET /x", e -> e instanceof RateLimitException, () -> {
      if (calls.incrementAndGet() == 1) {
        throw RateLimitException.retryAfter("slow down", null, Duration.ofMinutes(3));
      }
      return "ok";
    });
    assertThat(time.pauses).containsExactly(Duration.ofMinutes(3));

    assertThatThrownBy(() -> policy.retry(time.source(), "GET /y", e -> e instanceof RateLimitException, () -> {
      throw RateLimitException.retryAfter("slow down", null, Duration.ofHours(1));
    })).isInstanceOf(RateLimitException.class)
        .satisfies(e -> assertThat(e.getSuppressed()[0].getMessage()).contains("Retry-After")
            .contains("deadline of PT10M"));
    assertThat(time.pauses).hasSize(1);
  }

  @Test
  void anInterruptedWaitEndsTheRetryWithTheFlagSet() {
    TimeSource interrupted = new TimeSource(Clock.systemUTC(), d -> {
      throw new InterruptedException("stop");
    });

    assertThatThrownBy(() -> BackoffPolicy.fixed(Duration.ofSeconds(1)).retry(interrupted, "GET /x", e -> true,
        () -> {
          throw serverError();
        })).isInstanceOf(RemoteGpuException.class).hasMessageContaining("interrupted while waiting PT1S to retry"
        + " GET /x");
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aDeadlineEndsOnTheSleepersClockWithoutRealTimePassing() {
    SteppedTime time = new SteppedTime();
    Deadline deadline = time.source().deadline(Duration.ofHours(2));
    assertThat(deadline.passed()).isFalse();
    time.now = time.now.plus(Duration.ofHours(2));
    assertThat(deadline.passed()).isTrue();
    assertThat(deadline.remaining()).isZero();
  }
}
