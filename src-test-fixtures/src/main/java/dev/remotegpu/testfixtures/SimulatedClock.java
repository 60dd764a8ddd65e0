package dev.remotegpu.testfixtures;

import dev.remotegpu.core.retry.Sleeper;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link Clock} that only moves when a test moves it, so hours of machine lifecycle, auto-shutdown timers
 * and billing can be played in milliseconds.
 *
 * <p>Thread-safe. Every {@link #advance(Duration)} or {@link #set(Instant)} notifies the registered listeners
 * with the new instant, synchronously on the calling thread and in registration order, after the new time is
 * visible to {@link #instant()}; this is how simulators fire their timers. Listeners must not throw; a listener
 * that does stops the notification of later listeners and the exception reaches the caller of {@code advance}.
 */
public final class SimulatedClock extends Clock {

  private final Object lock = new Object();
  private final List<Consumer<Instant>> listeners;
  private final ZoneId zone;
  private Instant now;

  private SimulatedClock(Instant start, ZoneId zone, List<Consumer<Instant>> listeners) {
    this.now = Objects.requireNonNull(start, "start");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.listeners = listeners;
  }

  /** A clock standing at {@code start}, in UTC. */
  public static SimulatedClock at(Instant start) {
    return new SimulatedClock(start, ZoneOffset.UTC, new CopyOnWriteArrayList<>());
  }

  /** A clock standing at the ISO-8601 instant {@code start}, e.g. {@code "2026-01-01T00:00:00Z"}, in UTC. */
  public static SimulatedClock at(String start) {
    return at(Instant.parse(Objects.requireNonNull(start, "start")));
  }

  /** Moves the clock forward by {@code amount} (which must not be negative) and notifies the listeners. */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a simulated clock only moves forward; amount was " + amount);
    }
    Instant reached;
    synchronized (lock) {
      now = now.plus(amount);
      reached = now;
    }
    notifyListeners(reached);
    return reached;
  }

  /** Puts the clock at {@code instant} (forwards or backwards) and notifies the listeners. */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    synchronized (lock) {
      now = instant;
    }
    notifyListeners(instant);
  }

  /**
   * A sleeper that advances this clock by each pause instead of waiting (after checking the thread's interrupt
   * flag), so every wait of the SDK given {@link #timeSource()} ends in simulated time: a poll through hours
   * of provisioning or a one-hour Retry-After takes milliseconds of real time. Pauses on several threads at once
   * each advance the clock (they add up rather than overlap): meant for one waiting thread at a time.
   */
  public Sleeper sleeper() {
    return duration -> {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted before a simulated pause of " + duration);
      }
      if (!duration.isNegative() && !duration.isZero()) {
        advance(duration);
      }
    };
  }

  /** This clock with {@link #sleeper()}: give it to a platform or run builder so it drives every wait. */
  public TimeSource timeSource() {
    return new TimeSource(this, sleeper());
  }

  /** Registers a listener told the new instant after every move of this clock (and of its zoned copies). */
  public void addListener(Consumer<Instant> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener added with {@link #addListener(Consumer)}; does nothing if it was not registered. */
  public void removeListener(Consumer<Instant> listener) {
    listeners.remove(listener);
  }

  private void notifyListeners(Instant reached) {
    for (Consumer<Instant> listener : listeners) {
      listener.accept(reached);
    }
  }

  @Override
  public Instant instant() {
    synchronized (lock) {
      return now;
    }
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view of this same clock (same time, same listeners) in another zone. */
  @Override
  public Clock withZone(ZoneId newZone) {
    Objects.requireNonNull(newZone, "newZone");
    if (newZone.equals(zone)) {
      return this;
    }
    return new ZonedView(this, newZone);
  }

  @Override
  public String toString() {
    return "SimulatedClock[" + instant() + "]";
  }

  /** A read-only view of the parent clock in another zone. */
  private static final class ZonedView extends Clock {
    private final SimulatedClock parent;
    private final ZoneId zone;

    ZonedView(SimulatedClock parent, ZoneId zone) {
      this.parent = parent;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
      return parent.withZone(newZone);
    }

    @Override
    public Instant instant() {
      return parent.instant();
    }
  }
}
