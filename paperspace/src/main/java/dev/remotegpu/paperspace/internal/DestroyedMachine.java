package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The last view of a machine the platform no longer knows: state DESTROYED, every action refused. */
final class DestroyedMachine implements Machine {
  private final Machine last;

  DestroyedMachine(Machine last) {
    this.last = last;
  }

  @Override public String id() {
    return last.id();
  }

  @Override public String name() {
    return last.name();
  }

  @Override public String machineType() {
    return last.machineType();
  }

  @Override public String region() {
    return last.region();
  }

  @Override public MachineState state() {
    return MachineState.DESTROYED;
  }

  @Override public String rawState() {
    return "destroyed";
  }

  @Override public Optional<String> publicIp() {
    return Optional.empty();
  }

  @Override public PublicIpType publicIpType() {
    return last.publicIpType();
  }

  @Override public Optional<Duration> autoShutdown() {
    return last.autoShutdown();
  }

  @Override public Instant createdAt() {
    return last.createdAt();
  }

  @Override public Optional<SshEndpoint> ssh() {
    return Optional.empty();
  }

  @Override public Machine refresh() {
    return this;
  }

  @Override public Machine start() {
    throw gone();
  }

  @Override public Machine stop() {
    throw gone();
  }

  @Override public Machine awaitState(MachineState state, Duration timeout) {
    if (state == MachineState.DESTROYED) {
      return this;
    }
    throw gone();
  }

  private NotFoundException gone() {
    return new NotFoundException("machine " + id() + " (" + name() + ") was destroyed; launch a new one", id(), null);
  }

  @Override
  public String toString() {
    return "DestroyedMachine[" + id() + " " + name() + "]";
  }
}
