package dev.remotegpu.ssh;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One SSH test host per test class, registered as {@code @RegisterExtension static final}: started before the
 * class's tests with a client directory of its own, closed after them (test classes run one after another).
 * {@link #embedded()} is the in-process host; {@link #openSsh()} the real OpenSSH sshd, skipping the class
 * where {@code /usr/sbin/sshd} is absent. It is also injected into any test or lifecycle method that takes an
 * {@code SshTestHost} parameter, which is how the shared contracts find the host of the class they run in.
 */
abstract sealed class SshTestHost implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private Path client;
  private SshConnection connection;

  /** The embedded SSH host with a real shell. */
  static Embedded embedded() {
    return new Embedded();
  }

  /** A private OpenSSH sshd. */
  static OpenSsh openSsh() {
    return new OpenSsh();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    client = Files.createTempDirectory("rgpu-ssh-client");
    start();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) throws IOException {
    try {
      if (connection != null) {
        connection.close();
        connection = null;
      }
    } finally {
      stop();
      try (Stream<Path> files = Files.walk(client)) {
        files.sorted(Comparator.reverseOrder()).forEach(SshTestHost::delete);
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SshTestHost.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return this;
  }

  /** The client side's own directory (known_hosts files and the like), deleted after the class. */
  Path client() {
    return client;
  }

  /** The connection the class's tests share, opened on first use and closed after the class. */
  synchronized SshConnection connection() {
    if (connection == null) {
      connection = newConnection();
    }
    return connection;
  }

  /** A brand-new connection trusting the host's key, as a restarted client would make. */
  SshConnection newConnection() {
    return SshConnector.connect(config(writeKnownHosts(client.resolve("known_hosts"))).build());
  }

  /** A config for this host trusting only what {@code knownHosts} says, with the tests' short timeouts. */
  abstract SshConfig.Builder config(Path knownHosts);

  /** Writes the host's key to {@code file} as known_hosts and returns it. */
  abstract Path writeKnownHosts(Path file);

  /** The host's key as a known_hosts line. */
  abstract String knownHostsLine();

  /** Breaks the SSH connections the way the network would. */
  abstract void dropConnections();

  /** Kills every process of the host's sessions, as an OOM kill of the whole tree or a power-off would. */
  abstract void killEverything();

  abstract void start();

  abstract void stop();

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the test client file " + file, e);
    }
  }

  /** The in-process host. */
  static final class Embedded extends SshTestHost {
    private EmbeddedSshHost host;

    /** The running host, for what only it can do (power off, faults). */
    EmbeddedSshHost host() {
      return host;
    }

    @Override
    SshConfig.Builder config(Path knownHosts) {
      return TestConnections.timeouts(SshConfig.builder(host.endpoint()).privateKey(host.clientKeyPair())
          .knownHosts(knownHosts));
    }

    @Override
    Path writeKnownHosts(Path file) {
      return host.writeKnownHosts(file);
    }

    @Override
    String knownHostsLine() {
      return host.knownHostsLine();
    }

    @Override
    void dropConnections() {
      host.dropAllSessions();
    }

    @Override
    void killEverything() {
      host.killJobs();
    }

    @Override
    void start() {
      host = EmbeddedSshHost.start();
    }

    @Override
    void stop() {
      host.close();
    }
  }

  /** The real OpenSSH daemon. */
  static final class OpenSsh extends SshTestHost {
    private OpenSshDaemon sshd;

    @Override
    void start() {
      assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
      sshd = OpenSshDaemon.start();
    }

    @Override
    SshConfig.Builder config(Path knownHosts) {
      return TestConnections.timeouts(SshConfig.builder(sshd.endpoint()).privateKey(sshd.clientKeyFile())
          .knownHosts(knownHosts));
    }

    @Override
    Path writeKnownHosts(Path file) {
      return sshd.writeKnownHosts(file);
    }

    @Override
    String knownHostsLine() {
      return sshd.knownHostsLine();
    }

    @Override
    void dropConnections() {
      sshd.dropAllSessions();
    }

    @Override
    void killEverything() {
      sshd.killSessionProcesses();
    }

    @Override
    void stop() {
      if (sshd != null) {
        sshd.close();
      }
    }
  }
}
