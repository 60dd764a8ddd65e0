package dev.remotegpu.testfixtures.paperspace.internal;

import dev.remotegpu.testfixtures.paperspace.CapacityFailure;
import dev.remotegpu.testfixtures.paperspace.SimulatorFaults;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The scripted faults, consumed in arrival order under one lock. */
public final class FaultPlan implements SimulatorFaults {

  /** A request-level fault to answer instead of handling the request. */
  record RequestFault(int status, String message) {}

  /** What to do after a create has committed its machine. */
  enum AfterCreate { ANSWER, DELAY_THEN_ANSWER, ANSWER_500 }

  /** A create fault with its real delay (for {@link AfterCreate#DELAY_THEN_ANSWER}). */
  record CreateOutcome(AfterCreate kind, Duration delay) {}

  private static final class CapacityRule {
    final String machineType;
    final String region;
    final CapacityFailure failure;
    int remaining;

    CapacityRule(String machineType, String region, CapacityFailure failure, int remaining) {
      this.machineType = machineType;
      this.region = region;
      this.failure = failure;
      this.remaining = remaining;
    }
  }

  private final Object lock = new Object();
  private final Deque<RequestFault> requestFaults = new ArrayDeque<>();
  private final Deque<CreateOutcome> createOutcomes = new ArrayDeque<>();
  private final List<CapacityRule> capacityRules = new ArrayList<>();
  private final List<CapacityRule> startCapacityRules = new ArrayList<>();
  private Duration slow = Duration.ZERO;

  @Override
  public SimulatorFaults noCapacity(String machineType, String region, int count, CapacityFailure failure) {
    Objects.requireNonNull(machineType, "machineType");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(failure, "failure");
    requireCount(count);
    CapacityRule rule = capacityRule(machineType, region, failure, count);
    synchronized (lock) {
      capacityRules.add(rule);
    }
    return this;
  }

  @Override
  public SimulatorFaults noCapacityOnStart(String machineType, String region, int count) {
    Objects.requireNonNull(machineType, "machineType");
    Objects.requireNonNull(region, "region");
    requireCount(count);
    CapacityRule rule = capacityRule(machineType, region, CapacityFailure.CREATE_400, count);
    synchronized (lock) {
      startCapacityRules.add(rule);
    }
    return this;
  }

  /** A rule for the catalog's spelling of the pair; an unknown type or region is a mistake in the test. */
  private static CapacityRule capacityRule(String machineType, String region, CapacityFailure failure, int count) {
    String type = Catalog.machineType(machineType).map(Catalog.MachineType::label)
        .orElseThrow(() -> new IllegalArgumentException("unknown machine type '" + machineType + "'"));
    String shortRegion = Catalog.region(region)
        .orElseThrow(() -> new IllegalArgumentException("unknown region '" + region + "'"));
    return new CapacityRule(type, shortRegion, failure, count);
  }

  /** Consumes one capacity failure for a start of a machine of this pair, if one is scripted. */
  boolean takeStartCapacityFailure(String machineType, String region) {
    synchronized (lock) {
      for (CapacityRule rule : startCapacityRules) {
        if (rule.remaining > 0 && rule.machineType.equals(machineType) && rule.region.equals(region)) {
          rule.remaining--;
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public SimulatorFaults failNext(int count, int status) {
    requireCount(count);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be an error status (400..599): " + status);
    }
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        requestFaults.add(new RequestFault(status, "Simulated failure (scripted fault " + status + ")"));
      }
    }
    return this;
  }

  @Override
  public SimulatorFaults rateLimitNext(int count) {
    requireCount(count);
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        requestFaults.add(new RequestFault(429, "Too many requests, please slow down"));
      }
    }
    return this;
  }

  @Override
  public SimulatorFaults slowResponses(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    synchronized (lock) {
      slow = delay;
    }
    return this;
  }

  @Override
  public SimulatorFaults createCommitsThenTimesOut(int count, Duration delay) {
    requireCount(count);
    Objects.requireNonNull(delay, "delay");
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        createOutcomes.add(new CreateOutcome(AfterCreate.DELAY_THEN_ANSWER, delay));
      }
    }
    return this;
  }

  @Override
  public SimulatorFaults createCommitsThen5xx(int count) {
    requireCount(count);
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        createOutcomes.add(new CreateOutcome(AfterCreate.ANSWER_500, Duration.ZERO));
      }
    }
    return this;
  }

  @Override
  public void clear() {
    synchronized (lock) {
      requestFaults.clear();
      createOutcomes.clear();
      capacityRules.clear();
      startCapacityRules.clear();
      slow = Duration.ZERO;
    }
  }

  Optional<RequestFault> takeRequestFault() {
    synchronized (lock) {
      return Optional.ofNullable(requestFaults.poll());
    }
  }

  Duration slowDelay() {
    synchronized (lock) {
      return slow;
    }
  }

  /** Consumes one capacity failure for a create of this pair, if one is scripted. */
  Optional<CapacityFailure> takeCapacityFailure(String machineType, String region) {
    synchronized (lock) {
      for (CapacityRule rule : capacityRules) {
        if (rule.remaining > 0 && rule.machineType.equals(machineType) && rule.region.equals(region)) {
          rule.remaining--;
          return Optional.of(rule.failure);
        }
      }
      return Optional.empty();
    }
  }

  /** Whether {@code /machine-availability} should say false for this pair now (without consuming anything). */
  boolean unavailable(String machineType, String region) {
    synchronized (lock) {
      return capacityRules.stream().anyMatch(rule -> rule.remaining > 0
          && rule.failure == CapacityFailure.AVAILABILITY_FALSE
          && rule.machineType.equalsIgnoreCase(machineType) && rule.region.equals(region.toLowerCase(Locale.ROOT)));
    }
  }

  /** Whether this type is unavailable in some region now (for a template's {@code isAvailable}). */
  boolean unavailableAnywhere(String machineType) {
    synchronized (lock) {
      return capacityRules.stream().anyMatch(rule -> rule.remaining > 0
          && rule.failure == CapacityFailure.AVAILABILITY_FALSE && rule.machineType.equals(machineType));
    }
  }

  CreateOutcome takeCreateOutcome() {
    synchronized (lock) {
      CreateOutcome outcome = createOutcomes.poll();
      return outcome == null ? new CreateOutcome(AfterCreate.ANSWER, Duration.ZERO) : outcome;
    }
  }

  private static void requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }
}
