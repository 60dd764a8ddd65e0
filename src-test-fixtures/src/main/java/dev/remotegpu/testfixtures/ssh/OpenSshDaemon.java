package dev.remotegpu.testfixtures.ssh;

import dev.remotegpu.core.SshEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The system's real OpenSSH server ({@code /usr/sbin/sshd -D -e -f <generated config>}) on 127.0.0.1 at a
 * free port, with its own host key, one authorized client key and a private pid file, all in a temp dir;
 * it runs as the current user. Sessions get {@code TMUX_TMPDIR} in a private directory and a marker
 * variable (through {@code SetEnv}), so {@link #killSessionProcesses()} can end exactly their processes.
 *
 * <p>Tests call {@link #isAvailable()} first and skip with a message where sshd is not installed.
 */
public final class OpenSshDaemon implements AutoCloseable {
  /** Where Debian and most Linux distributions install sshd. */
  public static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");

  private final Path directory;
  private final KeyPair hostKeyPair;
  private final KeyPair clientKeyPair;
  private final Path clientKeyFile;
  private final String marker = UUID.randomUUID().toString();
  private final String user = System.getProperty("user.name");
  private final Process process;
  private final int port;

  private OpenSshDaemon() throws IOException {
    directory = Files.createTempDirectory("rgpu-sshd");
    hostKeyPair = TestKeys.newKeyPair();
    clientKeyPair = TestKeys.newKeyPair();
    Path hostKeyFile = directory.resolve("ssh_host_ecdsa_key");
    TestKeys.writePrivateKey(hostKeyPair, hostKeyFile);
    clientKeyFile = directory.resolve("client_key");
    TestKeys.writePrivateKey(clientKeyPair, clientKeyFile);
    Path authorizedKeys = directory.resolve("authorized_keys");
    Files.writeString(authorizedKeys, TestKeys.publicKeyLine(clientKeyPair.getPublic()) + "\n");
    Path tmuxDirectory = Files.createDirectories(directory.resolve("tmux"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    if ("root".equals(user)) {
      Path privilegeSeparation = Path.of("/run/sshd");
      if (!Files.isDirectory(privilegeSeparation)) {
        Files.createDirectories(privilegeSeparation);
      }
    }

    IOException lastFailure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int candidate = freePort();
      Path config = directory.resolve("sshd_config");
      Files.writeString(config, config(candidate, hostKeyFile, authorizedKeys, tmuxDirectory),
          StandardCharsets.UTF_8);
      Process started = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
          .redirectErrorStream(true).redirectOutput(directory.resolve("sshd.log").toFile()).start();
      if (awaitBanner(candidate, started)) {
        this.process = started;
        this.port = candidate;
        return;
      }
      started.destroyForcibly();
      lastFailure = new IOException("sshd did not start on port " + candidate + ": " + log());
    }
    TempTrees.deleteQuietly(directory);
    throw lastFailure;
  }

  /** Whether {@code /usr/sbin/sshd} is installed here; skip the OpenSSH tests when it is not. */
  public static boolean isAvailable() {
    return Files.isExecutable(SSHD);
  }

  /** Why the OpenSSH tests are skipped, for {@code Assumptions.assumeTrue(isAvailable(), skipMessage())}. */
  public static String skipMessage() {
    return SSHD + " is not installed; install openssh-server (the CI does) to run the tests against real OpenSSH";
  }

  /**
   * Starts sshd.
   *
   * @throws IllegalStateException when sshd is missing or does not start (with its log)
   */
  public static OpenSshDaemon start() {
    if (!isAvailable()) {
      throw new IllegalStateException(skipMessage());
    }
    try {
      return new OpenSshDaemon();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start OpenSSH sshd: " + e.getMessage(), e);
    }
  }

  /** The port sshd listens on (on 127.0.0.1). */
  public int port() {
    return port;
  }

  /** The login user: the JVM's user. */
  public String user() {
    return user;
  }

  /** Host, port and user to connect to. */
  public SshEndpoint endpoint() {
    return new SshEndpoint("127.0.0.1", port, user);
  }

  /** The key pair authorized for login. */
  public KeyPair clientKey() {
    return clientKeyPair;
  }

  /** The client's private key as an OpenSSH file (mode 600), for {@code ssh -i}, {@code scp} and {@code rsync}. */
  public Path clientKeyFile() {
    return clientKeyFile;
  }

  /** The host's public key. */
  public PublicKey hostKey() {
    return hostKeyPair.getPublic();
  }

  /** The known_hosts line: {@code [127.0.0.1]:port ecdsa-sha2-nistp256 AAAA...}. */
  public String knownHostsLine() {
    return TestKeys.knownHostsLine("127.0.0.1", port, hostKey());
  }

  /** Writes a known_hosts file holding {@link #knownHostsLine()} and returns {@code file}. */
  public Path writeKnownHosts(Path file) {
    return TestKeys.writeKnownHosts(file, knownHostsLine());
  }

  /**
   * Cuts every open connection now, as a network failure would: the per-connection sshd processes are
   * killed; processes started through them that detached (tmux, nohup setsid) keep running.
   */
  public void dropAllSessions() {
    process.toHandle().children().forEach(ProcessHandle::destroyForcibly);
  }

  /** Kills (SIGKILL) every process started through this sshd's sessions, tmux servers included. */
  public int killSessionProcesses() {
    return HostProcesses.killMarked(marker);
  }

  /** sshd's log so far (its stderr), for failure messages. */
  public String log() {
    try {
      return Files.readString(directory.resolve("sshd.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    killSessionProcesses();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    killSessionProcesses();
    TempTrees.deleteQuietly(directory);
  }

  private String config(int candidatePort, Path hostKeyFile, Path authorizedKeys, Path tmuxDirectory) {
    String sftp = Files.isExecutable(SFTP_SERVER) ? SFTP_SERVER.toString() : "internal-sftp";
    return String.join("\n",
        "Port " + candidatePort,
        "ListenAddress 127.0.0.1",
        "HostKey " + hostKeyFile,
        "PidFile " + directory.resolve("sshd.pid"),
        "AuthorizedKeysFile " + authorizedKeys,
        "PermitRootLogin prohibit-password",
        "StrictModes no",
        "UsePAM no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "MaxSessions 64",
        "MaxStartups 64",
        "PrintMotd no",
        // SHLVL=1: bash run by sshd then skips the account's ~/.bashrc, which is this machine's, not the
        // fixture's (here it runs `pyenv init`: 4 s per session under load, which swamped every transfer time).
        "SetEnv " + HostProcesses.MARKER_VARIABLE + "=" + marker + " TMUX_TMPDIR=" + tmuxDirectory + " SHLVL=1",
        "Subsystem sftp " + sftp,
        "LogLevel ERROR",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean awaitBanner(int candidatePort, Process started) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        return false;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidatePort), 500);
        socket.setSoTimeout(2000);
        InputStream in = socket.getInputStream();
        byte[] banner = new byte[8];
        int read = in.readNBytes(banner, 0, banner.length);
        if (read >= 4 && new String(banner, 0, 4, StandardCharsets.US_ASCII).equals("SSH-")) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

}
