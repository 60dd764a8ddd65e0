package dev.remotegpu.genericssh.internal;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.genericssh.SshBox;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A box as last seen: READY while it answers SSH, OFF when it does not or you confirmed it stopped. */
final class BoxMachine implements Machine {

  private final BoxAccount account;
  private final SshBox box;
  private final MachineState state;
  private final String rawState;
  private final Instant createdAt;

  BoxMachine(BoxAccount account, SshBox box, MachineState state, String rawState, Instant createdAt) {
    this.account = Objects.requireNonNull(account, "account");
    this.box = Objects.requireNonNull(box, "box");
    this.state = Objects.requireNonNull(state, "state");
    this.rawState = Objects.requireNonNull(rawState, "rawState");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String id() {
    return box.name();
  }

  @Override
  public String name() {
    return box.name();
  }

  @Override
  public String machineType() {
    return box.machineType();
  }

  @Override
  public String region() {
    return box.region();
  }

  @Override
  public MachineState state() {
    return state;
  }

  @Override
  public String rawState() {
    return rawState;
  }

  @Override
  public Optional<String> publicIp() {
    return Optional.of(box.endpoint().host());
  }

  /** The address you declared: fixed, as far as the SDK knows. */
  @Override
  public PublicIpType publicIpType() {
    return PublicIpType.STATIC;
  }

  /** None: nothing stops a bare box automatically (GEN1). */
  @Override
  public Optional<Duration> autoShutdown() {
    return Optional.empty();
  }

  /** When this SDK first verified the box (it cannot know when the provider created it). */
  @Override
  public Instant createdAt() {
    return createdAt;
  }

  @Override
  public Optional<SshEndpoint> ssh() {
    return Optional.of(box.endpoint());
  }

  @Override
  public Machine refresh() {
    return account.snapshot(box);
  }

  @Override
  public Machine start() {
    return account.start(box);
  }

  @Override
  public Machine stop() {
    return account.stop(box);
  }

  @Override
  public Machine awaitState(MachineState wanted, Duration timeout) {
    return account.awaitState(box, wanted, timeout);
  }

  @Override
  public String toString() {
    return box.name() + " (" + rawState + ")";
  }
}
