package dev.remotegpu.ssh;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.retry.BackoffPolicy;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to connect to one machine: where, with which key, how host keys are checked, and the timeouts.
 * Build it with {@link #builder(SshEndpoint)}.
 *
 * @param endpoint host, port and user
 * @param privateKeyFile an unencrypted OpenSSH or PEM private key file; empty when {@code privateKey} is given
 * @param privateKey a key pair held in memory; empty when {@code privateKeyFile} is given
 * @param knownHosts the known_hosts file checked (and, with {@code acceptNewHostKeys}, appended to)
 * @param acceptNewHostKeys whether an unknown host key is accepted and recorded; a changed key is always refused
 * @param connectTimeout how long connecting and authenticating may take
 * @param keepAlive the interval of keep-alive requests; a peer that misses 3 in a row is treated as gone
 * @param commandTimeout the default timeout of {@link SshConnection#exec(java.util.List)}
 * @param reconnectAttempts how many times {@link SshConnection#reconnect()} tries, at least 1
 * @param reconnectBackoff the wait before the second try; doubled after each failure, at most 30 s
 */
public record SshConfig(
    SshEndpoint endpoint,
    Optional<Path> privateKeyFile,
    Optional<KeyPair> privateKey,
    Path knownHosts,
    boolean acceptNewHostKeys,
    Duration connectTimeout,
    Duration keepAlive,
    Duration commandTimeout,
    int reconnectAttempts,
    Duration reconnectBackoff) {

  private static final Duration MAX_RECONNECT_WAIT = Duration.ofSeconds(30);

  /** Checks every setting, naming the one that is wrong. */
  public SshConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(privateKeyFile, "privateKeyFile");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(knownHosts, "knownHosts");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(keepAlive, "keepAlive");
    requirePositive(commandTimeout, "commandTimeout");
    requirePositive(reconnectBackoff, "reconnectBackoff");
    if (privateKeyFile.isEmpty() == privateKey.isEmpty()) {
      throw new IllegalArgumentException(
          "give exactly one of privateKey(Path) and privateKey(KeyPair) for " + endpoint);
    }
    if (reconnectAttempts < 1) {
      throw new IllegalArgumentException("reconnectAttempts must be at least 1: " + reconnectAttempts);
    }
  }

  /**
   * The reconnect's backoff: {@link #reconnectAttempts()} tries, {@link #reconnectBackoff()} doubling to at most
   * 30 s (or the first wait, if longer), no jitter.
   */
  public BackoffPolicy reconnectRetries() {
    Duration max = reconnectBackoff.compareTo(MAX_RECONNECT_WAIT) > 0 ? reconnectBackoff : MAX_RECONNECT_WAIT;
    return BackoffPolicy.exponential(reconnectBackoff, max).jitter(0).maxAttempts(reconnectAttempts);
  }

  /** A builder for a connection to {@code endpoint}. */
  public static Builder builder(SshEndpoint endpoint) {
    return new Builder(endpoint);
  }

  /** Shows everything but the key material. */
  @Override
  public String toString() {
    return "SshConfig[endpoint=" + endpoint + ", key="
        + privateKeyFile.map(Path::toString).orElse("(in memory)") + ", knownHosts=" + knownHosts
        + ", acceptNewHostKeys=" + acceptNewHostKeys + ", connectTimeout=" + connectTimeout
        + ", keepAlive=" + keepAlive + ", commandTimeout=" + commandTimeout + ", reconnectAttempts="
        + reconnectAttempts + ", reconnectBackoff=" + reconnectBackoff + "]";
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }

  /** Builds an {@link SshConfig}; the key is required, everything else has a default. */
  public static final class Builder {
    private final SshEndpoint endpoint;
    private Optional<Path> privateKeyFile = Optional.empty();
    private Optional<KeyPair> privateKey = Optional.empty();
    private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    private boolean acceptNewHostKeys;
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration keepAlive = Duration.ofSeconds(15);
    private Duration commandTimeout = Duration.ofMinutes(5);
    private int reconnectAttempts = 5;
    private Duration reconnectBackoff = Duration.ofSeconds(1);

    private Builder(SshEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Authenticates with the unencrypted private key in {@code file}. */
    public Builder privateKey(Path file) {
      this.privateKeyFile = Optional.of(Objects.requireNonNull(file, "file"));
      this.privateKey = Optional.empty();
      return this;
    }

    /** Authenticates with {@code keyPair}, held in memory only. */
    public Builder privateKey(KeyPair keyPair) {
      this.privateKey = Optional.of(Objects.requireNonNull(keyPair, "keyPair"));
      this.privateKeyFile = Optional.empty();
      return this;
    }

    /** The known_hosts file; default {@code ~/.ssh/known_hosts}. */
    public Builder knownHosts(Path file) {
      this.knownHosts = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Whether to accept and record an unknown host key; default false. A changed key is always refused. */
    public Builder acceptNewHostKeys(boolean accept) {
      this.acceptNewHostKeys = accept;
      return this;
    }

    /** How long connecting and authenticating may take; default 20 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The keep-alive interval; default 15 s. */
    public Builder keepAlive(Duration interval) {
      this.keepAlive = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** The default command timeout; default 5 min. */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How many times a reconnect tries, with exponential backoff from {@code firstBackoff}; default 5 and 1 s. */
    public Builder reconnect(int attempts, Duration firstBackoff) {
      this.reconnectAttempts = attempts;
      this.reconnectBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
      return this;
    }

    /** The configuration; throws {@link IllegalArgumentException} naming a bad value. */
    public SshConfig build() {
      return new SshConfig(endpoint, privateKeyFile, privateKey, knownHosts, acceptNewHostKeys,
          connectTimeout, keepAlive, commandTimeout, reconnectAttempts, reconnectBackoff);
    }
  }
}
