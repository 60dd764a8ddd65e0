package dev.remotegpu.core.job;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A machine whose state the test sets; start() makes it READY. Mutable, so refresh() returns itself. */
final class FakeMachine implements Machine {
  volatile MachineState state = MachineState.READY;
  final AtomicInteger starts = new AtomicInteger();

  @Override
  public String id() {
    return "m-fake";
  }

  @Override
  public String name() {
    return "rgpu-test";
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
    return state.name().toLowerCase();
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
    return Optional.of(Duration.ofHours(12));
  }

  @Override
  public Instant createdAt() {
    return Instant.parse("2026-11-28T00:00:00Z");
  }

  @Override
  public Optional<SshEndpoint> ssh() {
    return Optional.of(SshEndpoint.of("127.0.0.1", "paperspace"));
  }

  @Override
  public Machine refresh() {
    return this;
  }

  @Override
  public Machine start() {
    starts.incrementAndGet();
    state = MachineState.STARTING;
    return this;
  }

  @Override
  public Machine stop() {
    state = MachineState.OFF;
    return this;
  }

  @Override
  public Machine awaitState(MachineState wanted, Duration timeout) {
    if (state == MachineState.STARTING && wanted == MachineState.READY) {
      state = MachineState.READY;
    }
    if (state != wanted) {
      throw new IllegalStateException("fake machine is " + state + ", not " + wanted);
    }
    return this;
  }
}
