package dev.remotegpu.ssh.internal;

import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.SshException;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.core.retry.RetryListener;
import dev.remotegpu.core.retry.TimeSource;
import dev.remotegpu.ssh.CommandTimeoutException;
import dev.remotegpu.ssh.HostKeyMismatchException;
import dev.remotegpu.ssh.ShellQuoting;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.UnknownHostKeyException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link SshConnection} on Apache MINA SSHD, tuned as {@code perf-notes.md} measured: TCP_NODELAY on,
 * AES-GCM preferred over MINA's pure-Java chacha20, the default 2 MiB window and packet size kept.
 * {@link #session()} exposes the live MINA session to other internal code (the SFTP checkpoint store).
 */
public final class MinaSshConnection implements SshConnection {
  private static final Logger LOG = LoggerFactory.getLogger(MinaSshConnection.class);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  /** How long a timed-out command may still take to report its pid (a busy machine starts shells slowly). */
  private static final Duration PID_WAIT = Duration.ofSeconds(5);
  private static final String PID_PREFIX = "rgpu-pid:";
  /**
   * Every command runs as {@code sh -c THIS rgpu-exec ARGV...}: it reports its pid on the first stderr line
   * (removed from the result) and execs the command, which keeps that pid, so a timeout can end it.
   */
  private static final String PID_REPORTING_EXEC = "printf 'rgpu-pid:%s\\n' \"$$\" >&2; exec \"$@\"";
  /** SIGTERM to the process group (or the process), SIGKILL after 1 s. $1 = pid. */
  private static final String KILL_PROCESS_GROUP = """
      pid=$1
      kill -s TERM -- "-$pid" 2>/dev/null || kill -s TERM "$pid" 2>/dev/null || exit 0
      i=0
      while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 10 ]; do sleep 0.1 2>/dev/null || sleep 1; i=$((i + 1)); done
      kill -s KILL -- "-$pid" 2>/dev/null || kill -s KILL "$pid" 2>/dev/null
      exit 0
      """;
  private static final Map<String, Integer> SIGNAL_NUMBERS = Map.ofEntries(Map.entry("HUP", 1),
      Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("ABRT", 6),
      Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
      Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15));

  /** Cipher preference: JDK AES-GCM first, AES-CTR next, MINA's pure-Java chacha20 last. */
  private static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.aes128gcm,
      BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr,
      BuiltinCiphers.cc20p1305_openssh);

  private final SshConfig config;
  private final SshClient client;
  private final List<KeyPair> identities;
  private final AtomicReference<String> hostKeyProblem = new AtomicReference<>();
  private final Object connectLock = new Object();
  private volatile ClientSession session;
  private volatile boolean closed;

  private MinaSshConnection(SshConfig config, List<KeyPair> identities) {
    this.config = config;
    this.identities = identities;
    this.client = SshClient.setUpDefaultClient();
    CoreModuleProperties.TCP_NODELAY.set(client, true);
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, config.keepAlive());
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
    CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
    List<NamedFactory<Cipher>> ciphers = new ArrayList<>();
    for (BuiltinCiphers cipher : CIPHERS) {
      if (cipher.isSupported()) {
        ciphers.add(cipher);
      }
    }
    client.setCipherFactories(ciphers);
    client.setServerKeyVerifier(hostKeyVerifier());
    client.start();
  }

  /** Connects as {@code config} says, or throws an {@link SshException} saying why not. */
  public static MinaSshConnection open(SshConfig config) {
    MinaSshConnection connection = new MinaSshConnection(config, loadIdentities(config));
    try {
      connection.session = connection.connectOnce();
      return connection;
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The configuration this connection was made with. */
  public SshConfig config() {
    return config;
  }

  /**
   * The live MINA session, for internal code that needs more than exec (SFTP).
   *
   * @throws SshException when the connection is closed or dropped; call {@link #reconnect()}
   */
  public ClientSession session() {
    ClientSession current = session;
    if (closed) {
      throw new SshException("The SSH connection to " + host() + " was closed by the program; open a new one.",
          host(), null, false, null);
    }
    if (current == null || !current.isOpen() || !current.isAuthenticated()) {
      throw new SshException("The SSH connection to " + host() + " dropped; call reconnect() and retry.",
          host(), null);
    }
    return current;
  }

  @Override
  public SshEndpoint endpoint() {
    return config.endpoint();
  }

  @Override
  public CommandOutput exec(List<String> argv) {
    return exec(argv, new byte[0], config.commandTimeout());
  }

  @Override
  public CommandOutput exec(List<String> argv, Duration timeout) {
    return exec(argv, new byte[0], timeout);
  }

  @Override
  public CommandOutput exec(List<String> argv, byte[] stdin, Duration timeout) {
    Objects.requireNonNull(argv, "argv");
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(timeout, "timeout");
    ShellQuoting.quote(argv); // refuses an empty argv or a NUL before anything is sent
    List<String> wrapped = new ArrayList<>(List.of("sh", "-c", PID_REPORTING_EXEC, "rgpu-exec"));
    wrapped.addAll(argv);
    String command = ShellQuoting.quote(wrapped);
    String program = argv.get(0);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      return execOnce(command, program, stdin, deadline, timeout);
    } catch (NotStarted dropped) {
      // The connection had dropped before the command was sent (the command never ran): reconnect and send it
      // once more. A drop while the command runs is not retried here: its outcome is unknown.
      LOG.debug("the connection to {} dropped before '{}' started; reconnecting", host(), program);
      try {
        reconnect();
      } catch (SshException e) {
        e.addSuppressed(dropped.getCause());
        throw e;
      }
      try {
        return execOnce(command, program, stdin, deadline, timeout);
      } catch (NotStarted again) {
        throw new SshException("Running '" + program + "' on " + host() + " failed: the connection dropped twice "
            + "before it started (" + again.getCause().getMessage() + "). Check that the machine is running.",
            host(), again.getCause());
      }
    }
  }

  /** The command was never sent: the session was gone, or its channel could not be opened. */
  private static final class NotStarted extends Exception {
    private static final long serialVersionUID = 1L;

    NotStarted(Throwable cause) {
      super(cause);
    }
  }

  private CommandOutput execOnce(String command, String program, byte[] stdin, long deadline, Duration timeout)
      throws NotStarted {
    ClientSession current;
    try {
      current = session();
    } catch (SshException e) {
      if (closed || !e.retryable()) {
        throw e;
      }
      throw new NotStarted(e);
    }
    BoundedOutput out = new BoundedOutput();
    BoundedOutput err = new BoundedOutput();
    ChannelExec created;
    try {
      created = current.createExecChannel(command);
    } catch (IOException | IllegalStateException e) {
      // MINA refuses a channel on a session that is closing with an IllegalStateException.
      if (current.isOpen()) {
        throw new SshException("Running '" + program + "' on " + host() + " failed: " + e.getMessage()
            + ". Check the connection (reconnect()) and retry.", host(), e);
      }
      throw new NotStarted(e);
    }
    try (ChannelExec channel = created) {
      channel.setOut(out);
      channel.setErr(err);
      try {
        channel.open().verify(remaining(deadline, timeout, program));
      } catch (IOException e) {
        if (current.isOpen()) {
          throw e;
        }
        throw new NotStarted(e);
      }
      try (OutputStream in = channel.getInvertedIn()) {
        in.write(stdin);
      } catch (IOException commandIgnoredStdin) {
        LOG.debug("'{}' on {} closed its input early", program, host());
      }
      Set<ClientChannelEvent> events =
          channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), remaining(deadline, timeout, program));
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        long pidDeadline = System.nanoTime() + PID_WAIT.toNanos();
        while (remotePid(err).isEmpty() && channel.isOpen() && System.nanoTime() - pidDeadline < 0) {
          channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofMillis(50));
        }
        endTimedOut(current, channel, remotePid(err));
        throw new CommandTimeoutException(program, host(), timeout);
      }
      Integer status = channel.getExitStatus();
      String signal = channel.getExitSignal();
      if (status == null && signal == null) {
        throw new SshException("The SSH connection to " + host() + " dropped while '" + program
            + "' ran; its outcome is unknown. Call reconnect() and check its effects before running it again.",
            host(), null);
      }
      int exitCode = status != null ? status : 128 + SIGNAL_NUMBERS.getOrDefault(signal, 0);
      return new CommandOutput(exitCode, out.toString(StandardCharsets.UTF_8), withoutPidLine(err));
    } catch (CommandTimeoutException e) {
      throw e;
    } catch (IOException e) {
      throw new SshException("Running '" + program + "' on " + host() + " failed: " + e.getMessage()
          + ". Check the connection (reconnect()) and retry.", host(), e);
    }
  }

  private Duration remaining(long deadline, Duration timeout, String program) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new CommandTimeoutException(program, host(), timeout);
    }
    return Duration.ofNanos(left);
  }

  /**
   * Ends a command that ran past its timeout: a "signal" channel request (honoured by MINA and by some
   * OpenSSH setups), then SIGTERM and SIGKILL to its process group through a second channel, since OpenSSH
   * refuses signal requests in many configurations ("session signalling requires privilege separation").
   */
  private void endTimedOut(ClientSession current, ChannelExec channel, Optional<String> pid) {
    try {
      sendSignal(current, channel, "TERM");
    } catch (IOException e) {
      LOG.debug("Could not signal a timed-out command on {}: {}", host(), e.getMessage());
    }
    pid.ifPresent(remote -> {
      try (ChannelExec killer = current.createExecChannel(ShellQuoting.quote(
          List.of("sh", "-c", KILL_PROCESS_GROUP, "rgpu-kill", remote)))) {
        killer.open().verify(KILL_TIMEOUT);
        killer.getInvertedIn().close();
        killer.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), KILL_TIMEOUT);
      } catch (IOException | RuntimeException e) {
        LOG.debug("Could not kill timed-out process {} on {}: {}", remote, host(), e.getMessage());
      }
    });
    channel.close(true);
  }

  /** The pid the wrapper reported on its first stderr line, once it got that far. */
  private static Optional<String> remotePid(BoundedOutput err) {
    String text = err.toString(StandardCharsets.UTF_8);
    if (!text.startsWith(PID_PREFIX) || text.indexOf('\n') < 0) {
      return Optional.empty();
    }
    String pid = text.substring(PID_PREFIX.length(), text.indexOf('\n'));
    return pid.chars().allMatch(Character::isDigit) && !pid.isEmpty() ? Optional.of(pid) : Optional.empty();
  }

  private static String withoutPidLine(BoundedOutput err) {
    String text = err.toString(StandardCharsets.UTF_8);
    if (text.startsWith(PID_PREFIX) && text.indexOf('\n') >= 0) {
      return text.substring(text.indexOf('\n') + 1);
    }
    return text;
  }

  private static void sendSignal(ClientSession current, ChannelExec channel, String signal) throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    Buffer buffer = current.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
    buffer.putUInt(channel.getRecipient());
    buffer.putString("signal");
    buffer.putBoolean(false);
    buffer.putString(signal);
    current.writePacket(buffer);
  }

  @Override
  public boolean isOpen() {
    ClientSession current = session;
    return !closed && current != null && current.isOpen() && current.isAuthenticated();
  }

  @Override
  public void reconnect() {
    synchronized (connectLock) {
      if (closed) {
        throw new SshException("The SSH connection to " + host()
            + " was closed by the program; open a new one with SshConnector.connect.", host(), null, false, null);
      }
      closeSession();
      RetryListener log = (what, attempt, wait, failure) -> LOG.info("Reconnect {} of {} to {} failed: {}", attempt,
          config.reconnectAttempts(), host(), failure.getMessage());
      try {
        // a refused key or host key is not retryable: trying again cannot help
        session = config.reconnectRetries().retry(TimeSource.system(), "reconnect to " + host(),
            e -> e instanceof SshException ssh && ssh.retryable(), log, this::connectOnce);
      } catch (SshException e) {
        if (!e.retryable()) {
          throw e;
        }
        throw new SshException("Could not reconnect to " + host() + " after " + config.reconnectAttempts()
            + " tries; check that the machine is running and reachable. Last error: " + e.getMessage(), host(), e);
      } catch (RemoteGpuException interrupted) {
        throw new SshException("Interrupted while waiting to reconnect to " + host()
            + "; the connection stays closed", host(), null, false, interrupted);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    closeSession();
    try {
      client.stop();
    } catch (RuntimeException e) {
      LOG.debug("Stopping the SSH client for {} failed: {}", host(), e.getMessage());
    }
  }

  private void closeSession() {
    ClientSession current = session;
    session = null;
    if (current != null) {
      current.close(true);
    }
  }

  private ClientSession connectOnce() {
    SshEndpoint endpoint = config.endpoint();
    hostKeyProblem.set(null);
    ClientSession created = null;
    try {
      created = client.connect(endpoint.user(), endpoint.host(), endpoint.port())
          .verify(config.connectTimeout()).getSession();
      for (KeyPair identity : identities) {
        created.addPublicKeyIdentity(identity);
      }
      try {
        created.auth().verify(config.connectTimeout());
      } catch (IOException e) {
        throwHostKeyProblem(e);
        if (!refusedByServer(e)) {
          // The transport failed during authentication (a machine powering off, a dropped link, a timeout):
          // retryable, and not a key problem.
          throw new SshException("The connection to " + host() + " failed during authentication: "
              + e.getMessage() + ". The machine may be stopping or restarting; try again once it is READY.",
              host(), e);
        }
        throw new AuthenticationFailed("SSH authentication as '" + endpoint.user() + "' on " + host()
            + " failed: " + e.getMessage() + ". Check that the key's public half is in the user's authorized_keys.",
            host(), e);
      }
      return created;
    } catch (IOException | RuntimeException e) {
      if (created != null) {
        created.close(true);
      }
      if (e instanceof SshException sshException) {
        throw sshException;
      }
      throwHostKeyProblem(e);
      throw new SshException("Could not connect to " + host() + " within " + config.connectTimeout() + ": "
          + e.getMessage() + ". Check that the machine is running and its SSH port is open.", host(), e);
    }
  }

  /** Whether an authentication failure is the server's refusal of every offered key (not a dropped link). */
  private static boolean refusedByServer(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("No more authentication methods") || message.contains("authentication methods available");
  }

  private void throwHostKeyProblem(Exception cause) {
    String problem = hostKeyProblem.get();
    if (problem == null) {
      return;
    }
    if (problem.startsWith("REVOKED")) {
      throw new HostKeyMismatchException("REFUSED: the host key of " + host() + " is marked @revoked in "
          + config.knownHosts() + problem.substring("REVOKED".length()) + "; this is final and is not retried. Do not"
          + " connect to a host presenting a revoked key: check the machine, and remove the @revoked line only if"
          + " the revocation was a mistake.", host());
    }
    if (problem.startsWith("CHANGED")) {
      throw new HostKeyMismatchException("REFUSED: the host key of " + host() + " CHANGED since it was recorded in "
          + config.knownHosts() + problem.substring("CHANGED".length()) + ". It may be a man-in-the-middle, or"
          + " the machine was re-created. Verify the machine, remove the old entry (ssh-keygen -R '[host]:port'"
          + " -f <known_hosts>) and connect again with acceptNewHostKeys(true).", host());
    }
    throw new UnknownHostKeyException("The host key of " + host() + " is not in " + config.knownHosts()
        + problem.substring("UNKNOWN".length()) + "; it was refused. Add it to known_hosts after checking its"
        + " fingerprint, or connect with acceptNewHostKeys(true).", host());
  }

  private ServerKeyVerifier hostKeyVerifier() {
    boolean acceptNew = config.acceptNewHostKeys();
    ServerKeyVerifier unknownKeys = (clientSession, address, key) -> {
      if (acceptNew) {
        LOG.info("Accepting and recording the new host key of {} ({})", host(), KeyUtils.getFingerPrint(key));
        return true;
      }
      hostKeyProblem.set("UNKNOWN (offered " + KeyUtils.getFingerPrint(key) + ")");
      return false;
    };
    if (acceptNew) {
      try {
        Path parent = config.knownHosts().toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
      } catch (IOException e) {
        throw new SshException("Cannot create the directory of known_hosts file " + config.knownHosts() + ": "
            + e.getMessage() + "; pass a writable knownHosts path", host(), null, false, e);
      }
    }
    KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(unknownKeys, config.knownHosts()) {
      @Override
      protected void handleRevokedKey(ClientSession clientSession, SocketAddress address, PublicKey key) {
        hostKeyProblem.set("REVOKED (offered " + KeyUtils.getFingerPrint(key) + ")");
        super.handleRevokedKey(clientSession, address, key);
      }
    };
    verifier.setModifiedServerKeyAcceptor((clientSession, address, entry, expected, actual) -> {
      hostKeyProblem.set("CHANGED (recorded " + KeyUtils.getFingerPrint(expected) + ", offered "
          + KeyUtils.getFingerPrint(actual) + ")");
      return false;
    });
    return verifier;
  }

  private String host() {
    return config.endpoint().toString();
  }

  private static List<KeyPair> loadIdentities(SshConfig config) {
    if (config.privateKey().isPresent()) {
      return List.of(config.privateKey().get());
    }
    Path file = config.privateKeyFile().orElseThrow();
    List<KeyPair> keys = new ArrayList<>();
    try {
      for (KeyPair key : new FileKeyPairProvider(file).loadKeys(null)) {
        keys.add(key);
      }
    } catch (RuntimeException e) {
      throw new SshException("Cannot read the private key file " + file + " (" + e.getClass().getSimpleName()
          + "). It must exist, be readable and be unencrypted; for an encrypted key, decrypt it yourself and pass"
          + " the KeyPair to privateKey(KeyPair).", config.endpoint().toString(), null, false, null);
    }
    if (keys.isEmpty()) {
      throw new SshException("The private key file " + file + " holds no key; pass an OpenSSH or PEM private key.",
          config.endpoint().toString(), null, false, null);
    }
    return List.copyOf(keys);
  }


  /** Authentication was refused: not retryable, so neither {@link #reconnect()} nor a boot wait repeats it. */
  static final class AuthenticationFailed extends SshException {
    private static final long serialVersionUID = 1L;

    AuthenticationFailed(String message, String host, Throwable cause) {
      super(message, host, null, false, cause);
    }
  }
}
