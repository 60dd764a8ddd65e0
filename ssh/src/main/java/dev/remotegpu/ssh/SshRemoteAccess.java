package dev.remotegpu.ssh;

import dev.remotegpu.core.Machine;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.SshException;
import dev.remotegpu.core.remote.RemoteAccess;
import dev.remotegpu.core.remote.RemoteSession;
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
 * address each time a session opens (a dynamic IP changes on every start, PS6), waits for the SSH daemon to
 * answer after boot, and gives detached jobs (tmux, nohup fallback) and an SFTP checkpoint store.
 *
 * <pre>{@code
 * RemoteAccess access = SshRemoteAccess.builder()
 *     .privateKey(Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519"))
 *     .build();   // host keys checked against ~/.ssh/known_hosts
 * }</pre>
 */
public final class SshRemoteAccess implements RemoteAccess {

  /** The login user of Paperspace's ML-in-a-Box template. */
  public static final String DEFAULT_USER = "paperspace";

  private final Function<Machine, SshEndpoint> endpoints;
  private final UnaryOperator<SshConfig.Builder> settings;
  private final Duration bootWait;

  private SshRemoteAccess(Builder b) {
    this.endpoints = b.endpoints;
    this.settings = b.settings;
    this.bootWait = b.bootWait;
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
    long deadline = System.nanoTime() + bootWait.toNanos();
    Duration pause = Duration.ofMillis(250);
    while (true) {
      try {
        return new SshRemoteSession(SshConnector.connect(config));
      } catch (SshException e) {
        if (!e.retryable()) {
          throw e; // a refused login key, an unknown or changed host key, an unreadable key file: fail fast
        }
        if (System.nanoTime() - deadline >= 0) {
          throw new SshException("machine " + machine.id() + " (" + machine.name() + ") did not answer SSH at "
              + endpoint + " within " + bootWait.toSeconds() + " s of being READY: " + e.getMessage()
              + "; check its public IP (a dynamic IP changes on every start, PS6) and its firewall",
              machine.id(), "PS6", e);
        }
        sleep(pause, machine);
        pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
            : pause.multipliedBy(2);
      }
    }
  }

  private static void sleep(Duration pause, Machine machine) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SshException("interrupted while waiting for SSH on machine " + machine.id()
          + " to answer; no session was opened", machine.id(), null, false, e);
    }
  }

  /** The machine's SSH endpoint: its public IP now, port 22, the given user (PS6 when it has none). */
  static SshEndpoint publicAddress(Machine machine, String user) {
    Optional<String> ip = machine.publicIp();
    if (ip.isPresent()) {
      return new SshEndpoint(ip.get(), 22, user);
    }
    if (machine.publicIpType() == PublicIpType.NONE) {
      throw new SshException("machine " + machine.id() + " (" + machine.name() + ") was launched without a public "
          + "IP, so it cannot be reached over SSH from outside; launch with a static or dynamic public IP, or pass "
          + "endpoint(...) for a private route (a dynamic IP cannot be added after create, PS6)",
          machine.id(), "PS6", false, null);
    }
    throw new SshException("machine " + machine.id() + " (" + machine.name() + ") has no public IP in state "
        + machine.rawState() + ": a dynamic IP exists only while the machine runs and changes on every start (PS6); "
        + "start it and wait until it is READY", machine.id(), "PS6", null);
  }

  /** Settings of an {@link SshRemoteAccess}. */
  public static final class Builder {
    private Function<Machine, SshEndpoint> endpoints = m -> publicAddress(m, DEFAULT_USER);
    private UnaryOperator<SshConfig.Builder> settings = UnaryOperator.identity();
    private Duration bootWait = Duration.ofMinutes(3);
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

    /** The login user on the public address (default {@value #DEFAULT_USER}). */
    public Builder user(String user) {
      Objects.requireNonNull(user, "user");
      this.endpoints = m -> publicAddress(m, user);
      return this;
    }

    /**
     * How to find a machine's SSH endpoint, replacing the default (its public IP, port 22). For example a
     * bastion, an SSH config alias resolved by the caller, or a test host on loopback.
     */
    public Builder endpoint(Function<Machine, SshEndpoint> endpoints) {
      this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
      return this;
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
