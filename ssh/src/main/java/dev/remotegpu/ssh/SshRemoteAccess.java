package dev.remotegpu.ssh;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.SshException;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.remote.RemoteSession;
import dev.remotegpu.core.retry.BackoffPolicy;
import dev.remotegpu.core.retry.TimeSource;
import dev.remotegpu.ssh.internal.SshRemoteSession;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Reaches rented machines over SSH for a {@link dev.remotegpu.core.run.RemoteRun}: resolves the machine's
 * address each time a session opens (its {@link Machine#ssh()} endpoint, with the login user its platform sets; an
 * address may change when the machine restarts), waits for the SSH daemon to answer after boot, and gives detached
 * jobs (tmux, nohup fallback) and an SFTP checkpoint store. Its errors cite the gotchas of the platform's profile
 * when one is given ({@link Builder#profile}).
 *
 * <pre>{@code
 * RemoteAccess access = SshRemoteAccess.builder()
 *     .privateKey(Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519"))
 *     .profile(platform.profile())
 *     .build();   // host keys checked against ~/.ssh/known_hosts
 * }</pre>
 */
public final class SshRemoteAccess implements RemoteAccess {

  private final Function<Machine, SshEndpoint> endpoints;
  private final UnaryOperator<SshConfig.Builder> settings;
  private final Duration bootWait;
  private final Optional<String> addressGotcha;
  private final BackoffPolicy connectRetries;
  private final TimeSource time;

  private SshRemoteAccess(Builder b) {
    this.endpoints = b.endpoints.orElseGet(() -> m -> machineEndpoint(m, b.user, b.addressGotcha()));
    this.addressGotcha = b.addressGotcha();
    this.settings = b.settings;
    this.bootWait = b.bootWait;
    this.connectRetries = b.connectRetries.deadline(b.bootWait);
    this.time = b.time;
  }

  /** A builder; a private key is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connects to {@code machine}, retrying for the builder's boot wait while the daemon does not answer yet.
   * Failures that waiting cannot fix (authentication refused, host key unknown or changed) are thrown at once.
   *
   * @throws SshException when it still does not answer, naming the machine and its address
   * @throws HostKeyMismatchException when the machine's host key changed
   * @throws UnknownHostKeyException when its host key is unknown and new keys are not accepted
   */
  @Override
  public RemoteSession open(Machine machine) {
    Objects.requireNonNull(machine, "machine");
    SshEndpoint endpoint = endpoints.apply(machine);
    SshConfig config = settings.apply(SshConfig.builder(endpoint)).build();
    try {
      // only a daemon that does not answer yet is retried: a refused login key, an unknown or changed host key,
      // an unreadable key file fail at once
      return connectRetries.retry(time, "SSH connect to " + endpoint,
          e -> e instanceof SshException ssh && ssh.retryable(),
          () -> new SshRemoteSession(SshConnector.connect(config)));
    } catch (SshException e) {
      if (!e.retryable()) {
        throw e;
      }
      throw new SshException("machine " + machine.id() + " (" + machine.name() + ") did not answer SSH at "
          + endpoint + " within " + bootWait.toSeconds() + " s of being READY: " + e.getMessage()
          + "; check its public address (it may change when the machine restarts) and its firewall",
          machine.id(), addressGotcha.orElse(null), e);
    }
  }

  /**
   * The machine's own SSH endpoint now ({@link Machine#ssh()}: the address and login user its platform sets), with
   * {@code user} instead when given; when it has none, says why, citing {@code gotchaId} when the profile has one.
   */
  static SshEndpoint machineEndpoint(Machine machine, Optional<String> user, Optional<String> gotchaId) {
    Optional<SshEndpoint> own = machine.ssh();
    if (own.isPresent()) {
      SshEndpoint e = own.get();
      return user.map(u -> new SshEndpoint(e.host(), e.port(), u)).orElse(e);
    }
    String cited = gotchaId.map(g -> " (" + g + ")").orElse("");
    if (machine.publicIpType() == PublicIpType.NONE) {
      throw new SshException("machine " + machine.id() + " (" + machine.name() + ") was launched without a public "
          + "IP, so it cannot be reached over SSH from outside; launch with a static or dynamic public IP, or pass "
          + "endpoint(...) for a private route" + cited, machine.id(), gotchaId.orElse(null), false, null);
    }
    throw new SshException("machine " + machine.id() + " (" + machine.name() + ") has no SSH address in state "
        + machine.rawState() + ": a dynamic address exists only while the machine runs" + cited + "; start it and"
        + " wait until it is READY", machine.id(), gotchaId.orElse(null), null);
  }

  /** Settings of an {@link SshRemoteAccess}. */
  public static final class Builder {
    private Optional<Function<Machine, SshEndpoint>> endpoints = Optional.empty();
    private Optional<String> user = Optional.empty();
    private Optional<PlatformProfile> profile = Optional.empty();
    private UnaryOperator<SshConfig.Builder> settings = UnaryOperator.identity();
    private Duration bootWait = Duration.ofMinutes(3);
    private BackoffPolicy connectRetries = BackoffPolicy.exponential(Duration.ofMillis(250), Duration.ofSeconds(5))
        .jitter(0);
    private TimeSource time = TimeSource.system();
    private boolean keySet;

    private Builder() {
    }

    /** The private key file (OpenSSH or PEM format). */
    public Builder privateKey(Path file) {
      Objects.requireNonNull(file, "file");
      keySet = true;
      return configure(b -> b.privateKey(file));
    }

    /** A private key held in memory (never written anywhere by the SDK). */
    public Builder privateKey(KeyPair keyPair) {
      Objects.requireNonNull(keyPair, "keyPair");
      keySet = true;
      return configure(b -> b.privateKey(keyPair));
    }

    /** The known_hosts file checked against the machine's host key (default {@code ~/.ssh/known_hosts}). */
    public Builder knownHosts(Path file) {
      Objects.requireNonNull(file, "file");
      return configure(b -> b.knownHosts(file));
    }

    /**
     * Whether to trust and record a host key seen for the first time (off by default). A changed key is
     * refused whatever this says. Rented machines get new keys when recreated: opt in per run, not globally.
     */
    public Builder acceptNewHostKeys(boolean accept) {
      return configure(b -> b.acceptNewHostKeys(accept));
    }

    /**
     * The login user on the machine's address, instead of the one its platform sets in {@link Machine#ssh()} (for
     * a template or image whose user differs).
     */
    public Builder user(String user) {
      Objects.requireNonNull(user, "user");
      if (user.isBlank()) {
        throw new IllegalArgumentException("user must not be blank");
      }
      this.user = Optional.of(user);
      this.endpoints = Optional.empty();
      return this;
    }

    /**
     * How to find a machine's SSH endpoint, replacing the default (the machine's own {@link Machine#ssh()}). For
     * example a bastion, an SSH config alias resolved by the caller, or a test host on loopback.
     */
    public Builder endpoint(Function<Machine, SshEndpoint> endpoints) {
      this.endpoints = Optional.of(Objects.requireNonNull(endpoints, "endpoints"));
      return this;
    }

    /**
     * The platform's profile, whose gotcha ids the errors cite ({@link PlatformProfile#gotchaIdFor(Hazard)} of
     * {@link Hazard#ADDRESS_CHANGES} when a machine has no address or does not answer); without it they cite none.
     */
    public Builder profile(PlatformProfile profile) {
      this.profile = Optional.of(Objects.requireNonNull(profile, "profile"));
      return this;
    }

    private Optional<String> addressGotcha() {
      return profile.flatMap(p -> p.gotchaIdFor(Hazard.ADDRESS_CHANGES));
    }

    /** How long to keep trying after the machine is READY while its SSH daemon starts (3 min by default). */
    public Builder bootWait(Duration wait) {
      Objects.requireNonNull(wait, "wait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("bootWait must not be negative: " + wait);
      }
      this.bootWait = wait;
      return this;
    }

    /**
     * The waits between connect tries while the daemon does not answer: 250 ms doubling to 5 s, no jitter, by
     * default; the {@link #bootWait(Duration)} is its deadline.
     */
    public Builder connectRetries(BackoffPolicy policy) {
      this.connectRetries = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The clock and sleeper of the boot wait (the system's by default). */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Any other connection setting (timeouts, keep-alive, reconnect), applied to each connection's config. */
    public Builder configure(UnaryOperator<SshConfig.Builder> more) {
      Objects.requireNonNull(more, "more");
      UnaryOperator<SshConfig.Builder> before = settings;
      this.settings = b -> more.apply(before.apply(b));
      return this;
    }

    /**
     * The access.
     *
     * @throws IllegalStateException when no private key was given
     */
    public SshRemoteAccess build() {
      if (!keySet) {
        throw new IllegalStateException("SshRemoteAccess needs privateKey(Path) or privateKey(KeyPair)");
      }
      return new SshRemoteAccess(this);
    }
  }
}
