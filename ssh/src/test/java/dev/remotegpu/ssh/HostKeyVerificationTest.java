package dev.remotegpu.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyVerificationTest {
  private EmbeddedSshHost host;
  @TempDir
  Path client;

  @BeforeEach
  void start() {
    host = EmbeddedSshHost.start();
  }

  @AfterEach
  void stop() {
    host.close();
  }

  private SshConfig config(Path knownHosts, boolean acceptNew) {
    return SshConfig.builder(host.endpoint()).privateKey(host.clientKeyPair()).knownHosts(knownHosts)
        .acceptNewHostKeys(acceptNew).build();
  }

  @Test
  void refusesAnUnknownHostKeyByDefault() {
    Path knownHosts = client.resolve("known_hosts");

    assertThatThrownBy(() -> SshConnector.connect(config(knownHosts, false)))
        .isInstanceOf(UnknownHostKeyException.class)
        .hasMessageContaining("not in " + knownHosts)
        .hasMessageContaining("acceptNewHostKeys(true)");
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void acceptsAndRecordsANewHostKeyOnlyWhenAsked() throws Exception {
    Path knownHosts = client.resolve("ssh").resolve("known_hosts");

    try (SshConnection connection = SshConnector.connect(config(knownHosts, true))) {
      assertThat(connection.exec(List.of("echo", "ok")).stdout()).isEqualTo("ok\n");
    }

    assertThat(Files.readString(knownHosts)).contains("[127.0.0.1]:" + host.port())
        .contains(host.knownHostsLine().substring(host.knownHostsLine().indexOf(' ') + 1));
    try (SshConnection again = SshConnector.connect(config(knownHosts, false))) {
      assertThat(again.isOpen()).isTrue();
    }
  }

  @Test
  void refusesAChangedHostKeyEvenWithAcceptNew() throws Exception {
    Path knownHosts = host.writeKnownHosts(client.resolve("known_hosts"));
    String recorded = Files.readString(knownHosts);

    host.replaceHostKey();

    assertThatThrownBy(() -> SshConnector.connect(config(knownHosts, true)))
        .isInstanceOf(HostKeyMismatchException.class)
        .hasMessageContaining("CHANGED")
        .hasMessageContaining("ssh-keygen -R")
        .satisfies(e -> assertThat(((HostKeyMismatchException) e).retryable()).as("retryable").isFalse());
    assertThat(Files.readString(knownHosts)).isEqualTo(recorded);
  }
}
