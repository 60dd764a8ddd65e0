package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.MachineStateTimeoutException;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.retry.Deadline;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineJson;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** A Paperspace machine as last read, with the reversible actions on it. Immutable; actions return new snapshots. */
public final class PaperspaceMachine implements Machine {
  /** The login user of Paperspace's Linux templates (ML-in-a-Box). */
  public static final String SSH_USER = "paperspace";

  private final MachineJson json;
  private final PaperspaceClient client;
  private final Duration pollInterval;

  /** A snapshot of {@code json}; actions go through {@code client}, waits poll every {@code pollInterval}. */
  public PaperspaceMachine(MachineJson json, PaperspaceClient client, Duration pollInterval) {
    this.json = Objects.requireNonNull(json, "json");
    this.client = Objects.requireNonNull(client, "client");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(json.id(), "machine id in the API answer");
  }

  /** The API's state word mapped to the portable state. */
  public static MachineState state(String raw) {
    if (raw == null) {
      return MachineState.UNRECOGNIZED;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "off" -> MachineState.OFF;
      case "starting" -> MachineState.STARTING;
      case "stopping" -> MachineState.STOPPING;
      case "restarting" -> MachineState.RESTARTING;
      case "serviceready" -> MachineState.SERVICE_READY;
      case "ready" -> MachineState.READY;
      case "upgrading" -> MachineState.UPGRADING;
      case "provisioning" -> MachineState.PROVISIONING;
      default -> MachineState.UNRECOGNIZED;
    };
  }

  /** The API's {@code publicIpType} mapped to the portable kind; an unknown or absent word means none. */
  public static PublicIpType ipType(String raw) {
    if (raw == null) {
      return PublicIpType.NONE;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "static" -> PublicIpType.STATIC;
      case "dynamic" -> PublicIpType.DYNAMIC;
      default -> PublicIpType.NONE;
    };
  }

  /** Parses an API timestamp; empty when absent or not ISO-8601. */
  public static Optional<Instant> instant(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(raw).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.parse(raw));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  /** The JSON this snapshot was made from. */
  public MachineJson json() {
    return json;
  }

  @Override
  public String id() {
    return json.id();
  }

  @Override
  public String name() {
    return json.name() == null ? json.id() : json.name();
  }

  @Override
  public String machineType() {
    return json.machineType() == null ? "" : json.machineType();
  }

  @Override
  public String region() {
    return json.region() == null ? "" : Regions.code(json.region()).orElse(json.region());
  }

  @Override
  public MachineState state() {
    return state(json.state());
  }

  @Override
  public String rawState() {
    return json.state() == null ? "" : json.state();
  }

  @Override
  public Optional<String> publicIp() {
    return Optional.ofNullable(json.publicIp()).filter(ip -> !ip.isBlank());
  }

  @Override
  public PublicIpType publicIpType() {
    return ipType(json.publicIpType());
  }

  @Override
  public Optional<Duration> autoShutdown() {
    if (!Boolean.TRUE.equals(json.autoShutdownEnabled()) || json.autoShutdownTimeout() == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Math.round(json.autoShutdownTimeout() * 3_600_000d)));
  }

  @Override
  public Instant createdAt() {
    return instant(json.dtCreated()).orElse(Instant.EPOCH);
  }

  @Override
  public Optional<SshEndpoint> ssh() {
    return publicIp().map(ip -> SshEndpoint.of(ip, SSH_USER));
  }

  @Override
  public PaperspaceMachine refresh() {
    return with(client.getMachine(id()));
  }

  @Override
  public PaperspaceMachine start() {
    return with(client.startMachine(id()).data());
  }

  @Override
  public PaperspaceMachine stop() {
    return with(client.stopMachine(id()).data());
  }

  @Override
  public Machine awaitState(MachineState awaited, Duration timeout) {
    Objects.requireNonNull(awaited, "state");
    Objects.requireNonNull(timeout, "timeout");
    Deadline deadline = client.time().deadline(timeout);
    Machine current = this;
    String lastRaw = rawState();
    while (true) {
      try {
        current = current.refresh();
        lastRaw = current.rawState();
        if (current.state() == awaited) {
          return current;
        }
      } catch (NotFoundException e) {
        if (awaited == MachineState.DESTROYED) {
          return new DestroyedMachine(this);
        }
        throw e;
      }
      if (deadline.passed()) {
        throw new MachineStateTimeoutException(id(), awaited, lastRaw, timeout);
      }
      client.pause(pollInterval, id());
    }
  }

  private PaperspaceMachine with(MachineJson fresh) {
    return new PaperspaceMachine(fresh == null ? json : fresh, client, pollInterval);
  }

  @Override
  public String toString() {
    return "PaperspaceMachine[" + id() + " " + name() + " " + machineType() + "@" + region() + " " + rawState()
        + publicIp().map(ip -> " " + ip).orElse("") + "]";
  }
}
