package dev.remotegpu.ssh;

import dev.remotegpu.core.SshException;
import dev.remotegpu.core.remote.CommandOutput;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshConnectionTest {
  @RegisterExtension
  static final SshTestHost.Embedded HOST = SshTestHost.embedded();

  @Test
  void returnsExitCodeStdoutAndStderrSeparately() {
    try (SshConnection connection = HOST.newConnection()) {
      CommandOutput result = connection.exec(List.of("sh", "-c", "echo to-out; echo to-err >&2; exit 7"));

      assertThat(result.exitCode()).isEqualTo(7);
      assertThat(result.stdout()).isEqualTo("to-out\n");
      assertThat(result.stderr()).isEqualTo("to-err\n");
      assertThat(result.succeeded()).isFalse();
    }
  }

  @Test
  void feedsStdinAndEndsIt() {
    try (SshConnection connection = HOST.newConnection()) {
      CommandOutput result = connection.exec(List.of("sh", "-c", "cat; echo end"),
          "secret from stdin\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20));

      assertThat(result.stdout()).isEqualTo("secret from stdin\nend\n");
    }
  }

  @Test
  void endsAHungCommandAtItsTimeout() {
    try (SshConnection connection = HOST.newConnection()) {
      long started = System.nanoTime();

      assertThatThrownBy(() -> connection.exec(List.of("sleep", "3074"), Duration.ofSeconds(1)))
          .isInstanceOf(CommandTimeoutException.class)
          .hasMessageContaining("'sleep'")
          .hasMessageContaining("PT1S");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      CommandOutput left = connection.exec(List.of("sh", "-c", "sleep 0.5; pgrep -f '^sleep 3074$' | wc -l"));
      assertThat(left.stdout().strip()).isEqualTo("0");
    }
  }

  @Test
  void aCommandAfterADropReconnectsFirstBecauseItHadNotStarted() {
    try (SshConnection connection = HOST.newConnection()) {
      HOST.host().dropAllSessions();
      waitUntilClosed(connection);
      assertThat(connection.isOpen()).isFalse();

      assertThat(connection.exec(List.of("echo", "back")).stdout()).isEqualTo("back\n");
      assertThat(connection.isOpen()).isTrue();

      HOST.host().dropAllSessions();
      waitUntilClosed(connection);
      connection.reconnect();
      assertThat(connection.exec(List.of("echo", "again")).stdout()).isEqualTo("again\n");
    }
  }

  @Test
  void aCommandOnAPoweredOffHostFailsAndSaysSo() {
    try (SshConnection connection = HOST.newConnection()) {
      HOST.host().powerOff();
      waitUntilClosed(connection);
      try {
        assertThatThrownBy(() -> connection.exec(List.of("true"))).isInstanceOf(SshException.class)
            .satisfies(e -> assertThat(((SshException) e).retryable()).isTrue());
      } finally {
        HOST.host().powerOn();
      }
      connection.reconnect();
      assertThat(connection.exec(List.of("echo", "up")).stdout()).isEqualTo("up\n");
    }
  }

  @Test
  void aConnectionCutMidCommandIsReportedAsADrop() {
    try (SshConnection connection = HOST.newConnection()) {
      HOST.host().dropConnectionsAfterBytes(50_000);
      try {
        assertThatThrownBy(() -> connection.exec(List.of("head", "-c", "2000000", "/dev/zero")))
            .isInstanceOf(SshException.class);
      } finally {
        HOST.host().clearFaults();
      }
      connection.reconnect();
      assertThat(connection.exec(List.of("sh", "-c", "head -c 2000000 /dev/zero | wc -c")).stdout().strip())
          .isEqualTo("2000000");
    }
  }

  @Test
  void authenticatesWithAKeyFile() {
    Path key = HOST.host().writeClientKey(HOST.client().resolve("id_ecdsa"));
    SshConfig config = SshConfig.builder(HOST.host().endpoint()).privateKey(key)
        .knownHosts(HOST.host().writeKnownHosts(HOST.client().resolve("kh6"))).build();
    try (SshConnection connection = SshConnector.connect(config)) {
      assertThat(connection.exec(List.of("pwd")).stdout().strip())
          .isEqualTo(HOST.host().root().toString());
    }
  }

  @Test
  void refusesAWrongKey() {
    try (EmbeddedSshHost other = EmbeddedSshHost.start()) {
      SshConfig config = SshConfig.builder(HOST.host().endpoint()).privateKey(other.clientKeyPair())
          .knownHosts(HOST.host().writeKnownHosts(HOST.client().resolve("kh7"))).build();

      assertThatThrownBy(() -> SshConnector.connect(config)).isInstanceOf(SshException.class)
          .hasMessageContaining("authentication").hasMessageContaining("authorized_keys")
          .satisfies(e -> assertThat(((SshException) e).retryable()).as("retryable").isFalse());
    }
  }

  @Test
  void configNeverPrintsTheKey() {
    SshConfig config = SshConfig.builder(HOST.host().endpoint()).privateKey(HOST.host().clientKeyPair())
        .build();
    assertThat(config.toString()).contains("(in memory)").doesNotContain("Private");
  }

  private static void waitUntilClosed(SshConnection connection) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (connection.isOpen() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
