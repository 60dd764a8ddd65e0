package dev.remotegpu.ssh.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.StoredFile;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.session.helpers.AbstractConnectionService;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store keeps one SFTP channel; when the server closes it just as a call goes out (a restart of the SFTP
 * subsystem, a channel limit, a connection noticed dead only by that call), a call that changes nothing on the
 * server is asked once more on a new channel instead of failing the sync. The attack: the server closes every
 * channel of the session on receiving the call's request.
 */
@Timeout(30)
class SftpChannelClosedUnderACallTest {
  @TempDir Path keys;
  EmbeddedSshHost host;
  SshConnection connection;
  CheckpointStore store;
  Path root;
  /** The SFTP request type on which the server closes the session's channels next, once; -1: none. */
  final AtomicInteger closeOn = new AtomicInteger(-1);
  final AtomicInteger closes = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    host = EmbeddedSshHost.start();
    host.addSftpEventListener(new SftpEventListener() {
      @Override
      public void received(ServerSession session, int type, int id) throws IOException {
        if (type == closeOn.get() && closeOn.compareAndSet(type, -1)) {
          closes.incrementAndGet();
          // Graceful, so the client is told (as by a server that ends the subsystem), and finished before this
          // request is handled, so its answer never leaves.
          for (Channel channel : session.getService(AbstractConnectionService.class).getChannels()) {
            channel.close(false).await(Duration.ofSeconds(5));
          }
        }
      }
    });
    root = Files.createTempDirectory(host.root(), "store");
    Files.createDirectories(root.resolve("export/b1/shard"));
    Files.writeString(root.resolve("export/b1/PULL_MANIFEST.json"), "{}");
    Files.writeString(root.resolve("export/b1/shard/w.bin"), "weights");
    SshConfig config = SshConfig.builder(host.endpoint()).privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(keys.resolve("known_hosts"))).build();
    connection = SshConnector.connect(config);
    store = SftpCheckpoints.store(connection, root.toString());
    assertThat(store.exists("export")).isTrue(); // the store's channel is open before the attack
  }

  @AfterEach
  void stop() throws IOException {
    store.close();
    connection.close();
    host.close();
  }

  @Test
  void anExistenceCheckIsAskedOnceMore() throws IOException {
    closeOn.set(SftpConstants.SSH_FXP_LSTAT);
    assertThat(store.exists("export/b1/shard/w.bin")).isTrue();
    assertThat(closes).hasValue(1);
  }

  @Test
  void aListingIsAskedOnceMore() throws IOException {
    closeOn.set(SftpConstants.SSH_FXP_OPENDIR);
    assertThat(store.files("export/b1")).extracting(StoredFile::path)
        .containsExactly("PULL_MANIFEST.json", "shard/w.bin");
    assertThat(closes).hasValue(1);
  }

  @Test
  void theDirectoriesAreAskedOnceMore() throws IOException {
    closeOn.set(SftpConstants.SSH_FXP_OPENDIR);
    assertThat(store.directories("export")).containsExactly("b1");
    assertThat(closes).hasValue(1);
  }

  @Test
  void aDescriptionOfNamedFilesIsAskedOnceMore() throws IOException {
    closeOn.set(SftpConstants.SSH_FXP_LSTAT);
    assertThat(store.files("export/b1", List.of("shard/w.bin"))).extracting(StoredFile::path)
        .containsExactly("shard/w.bin");
    assertThat(closes).hasValue(1);
  }

  @Test
  void aReadIsOpenedOnceMore() throws IOException {
    closeOn.set(SftpConstants.SSH_FXP_OPEN);
    try (InputStream in = store.open("export/b1/shard/w.bin", 0)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("weights");
    }
    assertThat(closes).hasValue(1);
  }

  @Test
  void aSmallFileIsReadOnceMore() throws IOException {
    closeOn.set(SftpConstants.SSH_FXP_OPEN);
    assertThat(store.readIfExists("export/b1/PULL_MANIFEST.json")).hasValueSatisfying(b ->
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
    assertThat(closes).hasValue(1);
  }

  @Test
  void aCallThatChangesTheServerIsNotRepeated() throws IOException {
    // A write's effect is unknown when its channel closes: it must fail, for the sync to resume from what it knows.
    closeOn.set(SftpConstants.SSH_FXP_SETSTAT);
    assertThatThrownBy(() -> store.setModified("export/b1/shard/w.bin", Instant.parse("2026-01-01T00:00:00Z")))
        .isInstanceOf(IOException.class);
    assertThat(closes).hasValue(1);
  }
}
