package dev.remotegpu.testfixtures.doubles;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Machine} whose state the test sets ({@link #setState}), for driving a supervisor or a run without a
 * platform: {@link #start()} counts the start, runs the test's start action (for example powering an embedded
 * SSH host on) and makes the machine STARTING; awaiting READY then makes it READY. It is mutable and
 * thread-safe, so {@link #refresh()} returns the same instance.
 */
public final class FakeMachine implements Machine {
  private final String id;
  private final Duration autoShutdown;
  private final Runnable onStart;
  private final AtomicInteger starts = new AtomicInteger();
  private volatile MachineState state = MachineState.READY;

  private FakeMachine(String id, Duration autoShutdown, Runnable onStart) {
    this.id = Objects.requireNonNull(id, "id");
    this.autoShutdown = Objects.requireNonNull(autoShutdown, "autoShutdown");
    this.onStart = Objects.requireNonNull(onStart, "onStart");
  }

  /** A READY machine with this id, a 12-hour auto-shutdown window, and a start that only changes its state. */
  public static FakeMachine ready(String id) {
    return new FakeMachine(id, Duration.ofHours(12), () -> { });
  }

  /** The same machine with another auto-shutdown window (the one a vanish diagnosis is told about). */
  public FakeMachine withAutoShutdown(Duration window) {
    return new FakeMachine(id, window, onStart);
  }

  /** The same machine, running {@code action} on every {@link #start()} (before it turns STARTING). */
  public FakeMachine onStart(Runnable action) {
    return new FakeMachine(id, autoShutdown, action);
  }

  /** Sets the state the machine reports from now on (for example OFF, as an auto-shutdown would). */
  public void setState(MachineState state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  /** How many times {@link #start()} was called. */
  public int starts() {
    return starts.get();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    return "rgpu-" + id;
  }

  @Override
  public String machineType() {
    return "A4000";
  }

  @Override
  public String region() {
    return "ny2";
  }

  @Override
  public MachineState state() {
    return state;
  }

  @Override
  public String rawState() {
    return state.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public Optional<String> publicIp() {
    return Optional.of("127.0.0.1");
  }

  @Override
  public PublicIpType publicIpType() {
    return PublicIpType.DYNAMIC;
  }

  @Override
  public Optional<Duration> autoShutdown() {
    return Optional.of(autoShutdown);
  }

  @Override
  public Instant createdAt() {
    return Instant.parse("2026-11-28T00:00:00Z");
  }

  @Override
  public Optional<SshEndpoint> ssh() {
    return Optional.of(SshEndpoint.of("127.0.0.1", "user"));
  }

  @Override
  public Machine refresh() {
    return this;
  }

  @Override
  public Machine start() {
    starts.incrementAndGet();
    onStart.run();
    state = MachineState.STARTING;
    return this;
  }

  @Override
  public Machine stop() {
    state = MachineState.OFF;
    return this;
  }

  /** Makes a STARTING machine READY when READY is awaited; any other mismatch fails at once, naming both states. */
  @Override
  public Machine awaitState(MachineState wanted, Duration timeout) {
    if (state == MachineState.STARTING && wanted == MachineState.READY) {
      state = MachineState.READY;
    }
    if (state != wanted) {
      throw new IllegalStateException("fake machine " + id + " is " + state + ", not " + wanted
          + ": the test set it so (setState) or never started it");
    }
    return this;
  }

  @Override
  public String toString() {
    return "FakeMachine(" + id + ", " + state + ")";
  }
}
