package dev.remotegpu.testfixtures.paperspace.internal;

import dev.remotegpu.testfixtures.paperspace.MachineListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The account's shared state that every resource family works under: the one lock, simulated time (timed steps
 * and the hourly meter tick, run in time order), the creation sequence, seeded random ids, public IP addresses,
 * the meter's ledger, and machine notices, delivered to listeners after the lock is released.
 */
final class AccountCore {

  private record Task(Instant at, long order, Runnable action) {}

  private record Notice(String machineId, String from, String to, String reason) {}

  private final Object lock = new Object();
  private final Clock clock;
  private final Duration step;
  private final Supplier<String> publicIps;
  private final Random random;
  private final List<MachineListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Notice> notices = new ArrayList<>();
  private final List<Consumer<Instant>> hourly = new ArrayList<>();
  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparing(Task::at).thenComparingLong(Task::order));
  private final Meter meter = new Meter();

  private long sequence;
  private Instant now;
  private Instant lastTick;

  /** An account on {@code clock} whose lifecycle steps each take {@code step}, its ids drawn from {@code seed}. */
  AccountCore(Clock clock, Duration step, Supplier<String> publicIps, long seed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.step = Objects.requireNonNull(step, "transitionDelay");
    this.publicIps = Objects.requireNonNull(publicIps, "publicIps");
    this.random = new Random(seed);
    this.now = clock.instant();
    this.lastTick = now.truncatedTo(ChronoUnit.HOURS);
  }

  void addListener(MachineListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Adds a charge run at each hour's end with the start of that hour; charges run in the order added. */
  void everyHour(Consumer<Instant> charge) {
    hourly.add(charge);
  }

  /** Brings the simulation up to the clock: runs every due step, timer and hourly tick, in time order. */
  void progress() {
    locked(() -> null);
  }

  /** Runs {@code body} under the lock after bringing time up to the clock, then delivers notifications. */
  <T> T locked(Supplier<T> body) {
    List<Notice> toSend;
    T result;
    try {
      synchronized (lock) {
        advanceTo(clock.instant());
        result = body.get();
      }
    } finally {
      synchronized (lock) {
        toSend = List.copyOf(notices);
        notices.clear();
      }
      for (Notice notice : toSend) {
        for (MachineListener listener : listeners) {
          listener.onTransition(notice.machineId(), notice.from(), notice.to(), notice.reason());
        }
      }
    }
    return result;
  }

  private void advanceTo(Instant target) {
    while (true) {
      Instant nextTick = lastTick.plus(1, ChronoUnit.HOURS);
      Task head = tasks.peek();
      if (!nextTick.isAfter(target) && (head == null || !nextTick.isAfter(head.at()))) {
        now = nextTick;
        Instant hourStart = nextTick.minus(1, ChronoUnit.HOURS);
        hourly.forEach(charge -> charge.accept(hourStart));
        lastTick = nextTick;
      } else if (head != null && !head.at().isAfter(target)) {
        tasks.poll();
        if (head.at().isAfter(now)) {
          now = head.at();
        }
        head.action().run();
      } else {
        break;
      }
    }
    if (target.isAfter(now)) {
      now = target;
    }
  }

  /** The simulated present. */
  Instant now() {
    return now;
  }

  /** The start of the hour in progress, which a removal charges. */
  Instant hourStart() {
    return lastTick;
  }

  /** The next number in creation order (records and timed steps share it). */
  long nextSeq() {
    return ++sequence;
  }

  /** Runs {@code action} at {@code at}, after what is already due then. */
  void schedule(Instant at, Runnable action) {
    tasks.add(new Task(at, nextSeq(), action));
  }

  /** Runs {@code action} {@code steps} lifecycle steps from now. */
  void afterSteps(int steps, Runnable action) {
    schedule(now.plus(step.multipliedBy(steps)), action);
  }

  String randomId(String prefix, int length, String alphabet) {
    StringBuilder id = new StringBuilder(prefix);
    while (id.length() < length) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  /** An id of lower-case letters and digits after {@code prefix}, {@code length} characters in all. */
  String lowerId(String prefix, int length) {
    return randomId(prefix, length, "abcdefghijklmnopqrstuvwxyz0123456789");
  }

  String nextPublicIp() {
    return Objects.requireNonNull(publicIps.get(), "the public IP supplier returned null");
  }

  /** Queues a machine state change for the listeners. */
  void notice(String machineId, String from, String to, String reason) {
    notices.add(new Notice(machineId, from, to, reason));
  }

  Meter meter() {
    return meter;
  }
}
