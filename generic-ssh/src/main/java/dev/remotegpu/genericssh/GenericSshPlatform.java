package dev.remotegpu.genericssh;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LaunchLedgers;
import dev.remotegpu.core.launch.LaunchListener;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.genericssh.internal.BoxAccount;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshRemoteAccess;
import java.nio.file.Path;
import java.security.KeyPair;
import dev.remotegpu.core.retry.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Boxes you own, reached only by SSH, as a {@link Platform}: a launch connects to a declared box and verifies it
 * (a shell answers, tmux or nohup can detach a job); audits price each box at the hourly rate you declare; a
 * teardown plan's destroy step, once the Iron Law allowed it, hands you the manual step ("stop the box in your
 * provider's console") through a {@link ManualStepHandler} and checks that the box then stops answering.
 *
 * <pre>{@code
 * GenericSshPlatform platform = GenericSshPlatform.builder()
 *     .box(new SshBox("lab-4090", new SshEndpoint("gpu.example.org", 22, "ubuntu"), "RTX4090", "home",
 *         Money.usd("0.45")))
 *     .privateKey(Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519"))
 *     .manualSteps(ManualStepHandler.printTo(System.out))
 *     .build();
 * RemoteRun run = RemoteRun.on(platform).machine(LaunchRequest.of("RTX4090", "home"))
 *     .access(platform.remoteAccess()) ...
 * }</pre>
 *
 * <p>Thread-safe. {@link #launch(LaunchRequest)} never creates anything: it finds the box, or says why not.
 */
public final class GenericSshPlatform implements Platform {

  private final BoxAccount account;
  private final LaunchLedger ledger;
  private final UnaryOperator<SshConfig.Builder> settings;
  private final UnaryOperator<SshRemoteAccess.Builder> key;
  private final TimeSource time;

  private GenericSshPlatform(Builder b) {
    this.ledger = b.ledger;
    this.time = b.time;
    this.settings = b.settings;
    this.key = b.key;
    this.account = new BoxAccount(b.boxes, endpoint -> settings.apply(SshConfig.builder(endpoint)).build(), ledger,
        b.time, b.pollInterval, b.manualSteps, b.confirmTimeout);
  }

  /** The clock and sleeper set on the builder: the box waits, the remote access and a run built on it use it. */
  @Override
  public TimeSource timeSource() {
    return time;
  }

  /** Starts describing the boxes and how to reach them. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The way into the boxes for {@link dev.remotegpu.core.run.RemoteRun}: SSH with this platform's key and settings,
   * to each box's declared endpoint and user.
   */
  public RemoteAccess remoteAccess() {
    return key.apply(SshRemoteAccess.builder())
        .configure(settings)
        .profile(profile())
        .timeSource(time)
        .endpoint(machine -> account.machine(machine.id()).ssh().orElseThrow())
        .build();
  }

  @Override
  public PlatformProfile profile() {
    return GenericSshProfile.get();
  }

  @Override
  public Machine launch(LaunchRequest request) {
    return launch(request, LaunchListener.NONE);
  }

  @Override
  public Machine launch(LaunchRequest request, LaunchListener listener) {
    return account.launch(request, listener);
  }

  @Override
  public List<Machine> machines() {
    return account.machines();
  }

  @Override
  public Machine machine(String id) {
    return account.machine(id);
  }

  @Override
  public List<Billable> billables() {
    return account.billables();
  }

  @Override
  public LaunchLedger ledger() {
    return ledger;
  }

  /** The declared boxes' endpoints, so evidence made on other boxes is refused (never a credential). */
  @Override
  public String accountKey() {
    return account.accountKey();
  }

  @Override
  public TeardownPlan planTeardown(TeardownRequest request) {
    return account.planTeardown(Objects.requireNonNull(request, "request"));
  }

  /** Builds a {@link GenericSshPlatform}; a box and a private key are required. */
  public static final class Builder {
    private final List<SshBox> boxes = new ArrayList<>();
    private UnaryOperator<SshConfig.Builder> settings = UnaryOperator.identity();
    private UnaryOperator<SshRemoteAccess.Builder> key;
    private TimeSource time = TimeSource.system();
    private LaunchLedger ledger;
    private Duration pollInterval = Duration.ofSeconds(5);
    private ManualStepHandler manualSteps = ManualStepHandler.printTo(System.out);
    private Duration confirmTimeout = Duration.ofMinutes(5);

    private Builder() {}

    /** Declares a box (repeat for several; launch candidates pick among them). */
    public Builder box(SshBox box) {
      boxes.add(Objects.requireNonNull(box, "box"));
      return this;
    }

    /** The private key file (OpenSSH or PEM format). */
    public Builder privateKey(Path file) {
      Objects.requireNonNull(file, "file");
      key = b -> b.privateKey(file);
      return ssh(b -> b.privateKey(file));
    }

    /** A private key held in memory (never written anywhere by the SDK). */
    public Builder privateKey(KeyPair keyPair) {
      Objects.requireNonNull(keyPair, "keyPair");
      key = b -> b.privateKey(keyPair);
      return ssh(b -> b.privateKey(keyPair));
    }

    /** The known_hosts file the box's host key is checked against (default {@code ~/.ssh/known_hosts}). */
    public Builder knownHosts(Path file) {
      Objects.requireNonNull(file, "file");
      return ssh(b -> b.knownHosts(file));
    }

    /** Any other SSH setting (timeouts, keep-alive, reconnect), for launches, probes and the remote access. */
    public Builder ssh(UnaryOperator<SshConfig.Builder> more) {
      Objects.requireNonNull(more, "more");
      UnaryOperator<SshConfig.Builder> before = settings;
      settings = b -> more.apply(before.apply(b));
      return this;
    }

    /**
     * The clock that stamps the ledger and first verifications (default: the system clock, UTC), with the real
     * {@link Thread#sleep} for waits; {@link #timeSource(TimeSource)} sets the sleeper too.
     */
    public Builder clock(Clock clock) {
      this.time = TimeSource.of(Objects.requireNonNull(clock, "clock"));
      return this;
    }

    /** The one clock and sleeper of this platform's stamps and waits (state awaits, stop confirmation probes). */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** The launch ledger (default: in memory); verified boxes are recorded in it as ours. */
    public Builder ledger(LaunchLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /** How often waits probe a box over SSH (default 5 s). */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    /** Where teardown's manual steps go (default: printed to standard output, never confirmed). */
    public Builder manualSteps(ManualStepHandler handler) {
      this.manualSteps = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** How long a box may take to stop answering SSH after you confirmed you stopped it (default 5 min). */
    public Builder confirmTimeout(Duration timeout) {
      this.confirmTimeout = positive(timeout, "confirmTimeout");
      return this;
    }

    /**
     * The platform.
     *
     * @throws IllegalStateException when no box or no private key was given
     */
    public GenericSshPlatform build() {
      if (boxes.isEmpty()) {
        throw new IllegalStateException("GenericSshPlatform needs at least one box(SshBox)");
      }
      if (key == null) {
        throw new IllegalStateException("GenericSshPlatform needs privateKey(Path) or privateKey(KeyPair)");
      }
      if (ledger == null) {
        ledger = LaunchLedgers.inMemory(time.clock());
      }
      return new GenericSshPlatform(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
