package dev.remotegpu.testfixtures.ssh;

import dev.remotegpu.core.SshEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SSH server for tests: Apache MINA SSHD on 127.0.0.1 (ephemeral port) with public-key auth, a REAL
 * shell (each exec request runs as {@code /bin/sh -c} in {@link #root()}, which is also {@code $HOME}),
 * and SFTP on the real file system with {@link #root()} as its starting directory, so jobs and SFTP see
 * the same files.
 *
 * <p>Fault injection: {@link #dropConnectionsAfterBytes(long)}, {@link #dropAllSessions()},
 * {@link #killJobs()}, {@link #simulateAutoShutdown()}, and {@link #powerOff()} / {@link #powerOn()}. Every process the host starts carries a marker
 * in its environment (tmux servers too: they run with {@code TMUX_TMPDIR} in a private directory), so
 * killing "the machine's" processes never touches anything else.
 *
 * <pre>{@code
 * try (EmbeddedSshHost host = EmbeddedSshHost.start()) {
 *   SshConfig config = SshConfig.builder(host.endpoint()).privateKey(host.clientKeyPair())
 *       .knownHosts(host.writeKnownHosts(tempDir.resolve("known_hosts"))).build();
 * }
 * }</pre>
 */
public final class EmbeddedSshHost implements AutoCloseable {
  private final Path root;
  private final boolean deleteRootOnClose;
  private final Path hostDirectory;
  private final String marker = UUID.randomUUID().toString();
  private final KeyPair clientKeyPair;
  private volatile KeyPair hostKeyPair;
  private final SshServer server;
  private final FaultInjectingProxy proxy;
  private final RootedSftpSubsystemFactory sftp;
  private final String user = System.getProperty("user.name");

  private EmbeddedSshHost(Path root, boolean deleteRootOnClose, KeyPair clientKeyPair) throws IOException {
    this.root = root.toAbsolutePath();
    this.deleteRootOnClose = deleteRootOnClose;
    this.clientKeyPair = clientKeyPair;
    this.hostKeyPair = TestKeys.newKeyPair();
    this.hostDirectory = Files.createTempDirectory("rgpu-host");
    Files.createDirectories(hostDirectory.resolve("bin"));
    Files.createDirectories(hostDirectory.resolve("tmux"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    writeFakeCommands();

    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(session -> List.of(hostKeyPair));
    server.setPublickeyAuthenticator((username, key, session) -> KeyUtils.compareKeys(key, clientKeyPair.getPublic()));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory((channel, command) -> new HostCommand(command, this.root, commandEnvironment()));
    sftp = new RootedSftpSubsystemFactory(this.root);
    server.setSubsystemFactories(List.of(sftp));
    server.setFileSystemFactory(new RootedNativeFileSystem(this.root));
    server.start();
    proxy = new FaultInjectingProxy(server.getPort());
  }

  /** A host with a new temp-dir root (deleted on close) and a new client key pair. */
  public static EmbeddedSshHost start() {
    return builder().build();
  }

  /** A builder to choose the root directory or the client key. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adds a listener to the SFTP server's events, for example to count the directories clients make. */
  public void addSftpEventListener(SftpEventListener listener) {
    sftp.addSftpEventListener(listener);
  }

  /** The directory that is the login directory, {@code $HOME} and the SFTP starting directory. */
  public Path root() {
    return root;
  }

  /** The port clients connect to (on 127.0.0.1). */
  public int port() {
    return proxy.port();
  }

  /** The login user (any name is accepted; this is the JVM's user). */
  public String user() {
    return user;
  }

  /** Host, port and user to connect to. */
  public SshEndpoint endpoint() {
    return new SshEndpoint("127.0.0.1", port(), user);
  }

  /** The key pair the host accepts for login. */
  public KeyPair clientKeyPair() {
    return clientKeyPair;
  }

  /** Writes the client's private key as an OpenSSH key file (mode 600) and returns {@code file}. */
  public Path writeClientKey(Path file) {
    TestKeys.writePrivateKey(clientKeyPair, file);
    return file;
  }

  /** The host's current public key. */
  public PublicKey hostKey() {
    return hostKeyPair.getPublic();
  }

  /** The known_hosts line for this host's current key: {@code [127.0.0.1]:port ecdsa-sha2-nistp256 AAAA...}. */
  public String knownHostsLine() {
    return TestKeys.knownHostsLine("127.0.0.1", port(), hostKey());
  }

  /** Writes a known_hosts file holding {@link #knownHostsLine()} and returns {@code file}. */
  public Path writeKnownHosts(Path file) {
    return TestKeys.writeKnownHosts(file, knownHostsLine());
  }

  /** Gives the host a new host key, as a re-created machine would have; clients that knew the old key must refuse it. */
  public void replaceHostKey() {
    hostKeyPair = TestKeys.newKeyPair();
  }

  /**
   * Cuts every open connection after {@code bytes} more bytes (both directions counted), and every new
   * connection after its first {@code bytes} bytes, until {@link #clearFaults()}.
   */
  public void dropConnectionsAfterBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
    proxy.dropAfterBytes(bytes);
  }

  /** Stops cutting connections. */
  public void clearFaults() {
    proxy.clearFaults();
  }

  /** How many connections were cut by {@link #dropConnectionsAfterBytes(long)} so far. */
  public long droppedConnections() {
    return proxy.cuts();
  }

  /** Cuts every open SSH connection now (processes started through them keep running). */
  public void dropAllSessions() {
    proxy.cutAll();
    server.getActiveSessions().forEach(session -> session.close(true));
  }

  /** Kills (SIGKILL) every process the host's sessions started, tmux servers included; returns how many. */
  public int killJobs() {
    return HostProcesses.killMarked(marker);
  }

  /**
   * Plays an auto-shutdown followed at once by a start: {@link #powerOff()} then {@link #powerOn()}.
   * Afterwards {@code uptime} reports a fresh boot and {@code dmesg} a clean boot log.
   */
  public void simulateAutoShutdown() {
    powerOff();
    powerOn();
  }

  /**
   * Powers the "machine" off: new connections are refused, every session is dropped, and every process the
   * host's sessions started is killed as by a power cut (no exit codes get written). From now on
   * {@code uptime} reports a boot at the next {@link #powerOn()}.
   */
  public void powerOff() {
    proxy.refuseConnections(true);
    dropAllSessions();
    killJobs();
    writeBootTime();
  }

  /** Powers the "machine" on again: connections are accepted; {@code uptime} counts from now. */
  public void powerOn() {
    writeBootTime();
    proxy.refuseConnections(false);
  }

  private void writeBootTime() {
    try {
      Files.writeString(hostDirectory.resolve("boot-epoch"),
          Long.toString(Instant.now().getEpochSecond()) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the simulated boot time", e);
    }
  }

  /** The directory where tmux keeps its sockets for this host's sessions ({@code TMUX_TMPDIR}). */
  public Path tmuxDirectory() {
    return hostDirectory.resolve("tmux");
  }

  @Override
  public void close() {
    killJobs();
    try {
      proxy.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      server.stop(true);
    } catch (IOException e) {
      // closing anyway
    }
    TempTrees.deleteQuietly(hostDirectory);
    if (deleteRootOnClose) {
      TempTrees.deleteQuietly(root);
    }
  }

  private Map<String, String> commandEnvironment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("HOME", root.toString());
    environment.put("USER", user);
    environment.put("LOGNAME", user);
    environment.put("SHELL", "/bin/sh");
    environment.put("TMUX_TMPDIR", tmuxDirectory().toString());
    environment.put("PATH", hostDirectory.resolve("bin") + ":" + Optional.ofNullable(System.getenv("PATH"))
        .orElse("/usr/local/bin:/usr/bin:/bin"));
    environment.put(HostProcesses.MARKER_VARIABLE, marker);
    return environment;
  }

  /** {@code uptime} and {@code dmesg} that report a fresh boot after {@link #simulateAutoShutdown()}. */
  private void writeFakeCommands() throws IOException {
    String bootFile = hostDirectory.resolve("boot-epoch").toString();
    writeScript("uptime", """
        #!/bin/sh
        f='%s'
        if [ -f "$f" ]; then
          m=$(( ($(date +%%s) - $(cat "$f")) / 60 ))
          printf ' %%s up %%d min,  0 users,  load average: 0.00, 0.00, 0.00\\n' "$(date +%%H:%%M:%%S)" "$m"
        else
          PATH=/usr/local/bin:/usr/bin:/bin exec uptime "$@"
        fi
        """.formatted(bootFile));
    writeScript("dmesg", """
        #!/bin/sh
        f='%s'
        if [ -f "$f" ]; then
          printf '[    0.000000] Linux version 5.15.0 (simulated boot of EmbeddedSshHost)\\n'
          printf '[    1.204000] systemd[1]: Started Journal Service.\\n'
        else
          PATH=/usr/local/bin:/usr/bin:/bin exec dmesg "$@"
        fi
        """.formatted(bootFile));
  }

  private void writeScript(String name, String text) throws IOException {
    Path script = hostDirectory.resolve("bin").resolve(name);
    Files.writeString(script, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }


  /** Builds an {@link EmbeddedSshHost}. */
  public static final class Builder {
    private Optional<Path> root = Optional.empty();
    private Optional<KeyPair> clientKeyPair = Optional.empty();

    private Builder() {
    }

    /** Uses {@code directory} (created if missing, kept on close) as the root instead of a new temp dir. */
    public Builder root(Path directory) {
      this.root = Optional.of(Objects.requireNonNull(directory, "directory"));
      return this;
    }

    /** Accepts {@code keyPair} for login instead of a newly generated one. */
    public Builder clientKeyPair(KeyPair keyPair) {
      this.clientKeyPair = Optional.of(Objects.requireNonNull(keyPair, "keyPair"));
      return this;
    }

    /** Starts the host. */
    public EmbeddedSshHost build() {
      try {
        Path directory = root.isPresent() ? Files.createDirectories(root.get())
            : Files.createTempDirectory("rgpu-home");
        return new EmbeddedSshHost(directory, root.isEmpty(), clientKeyPair.orElseGet(TestKeys::newKeyPair));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the embedded SSH host", e);
      }
    }
  }

  /** SFTP on the real file system whose starting directory (where relative paths resolve) is the host's root. */
  private static final class RootedSftpSubsystemFactory extends SftpSubsystemFactory {
    private final Path home;

    RootedSftpSubsystemFactory(Path home) {
      this.home = home;
    }

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
      SftpSubsystem subsystem = new SftpSubsystem(channel, this) {
        @Override
        public void setFileSystem(FileSystem fileSystem) {
          super.setFileSystem(fileSystem);
          defaultDir = home;
        }
      };
      getRegisteredListeners().forEach(subsystem::addSftpEventListener);
      return subsystem;
    }
  }

  /** The real file system, with the host's root as every user's home. */
  private static final class RootedNativeFileSystem implements FileSystemFactory {
    private final Path home;

    RootedNativeFileSystem(Path home) {
      this.home = home;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) {
      return home;
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) {
      return FileSystems.getDefault();
    }
  }
}
