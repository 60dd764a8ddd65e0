package dev.remotegpu.ssh.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.CheckpointTransferException;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.core.checkpoint.SyncListener;
import dev.remotegpu.core.checkpoint.SyncProgress;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.testfixtures.net.EmulatedLink;
import dev.remotegpu.testfixtures.ssh.OpenSshDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP store against a real OpenSSH sshd and sftp-server on 127.0.0.1. */
class SftpCheckpointStoreOpenSshTest {
  @TempDir Path remoteRoot;
  @TempDir Path localRoot;
  @TempDir Path keys;

  @Test
  void aBigFileIsPushedAndPulledAsRangesThroughAnEmulatedLinkAgainstOpenSsh() throws Exception {
    assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
    try (OpenSshDaemon sshd = OpenSshDaemon.start();
        EmulatedLink link = EmulatedLink.start(sshd.port(), Duration.ofMillis(40), 200_000_000)) {
      Path knownHosts = keys.resolve("known_hosts");
      Files.writeString(knownHosts,
          sshd.knownHostsLine().replace("]:" + sshd.port() + " ", "]:" + link.port() + " ") + "\n");
      SshConfig config = SshConfig.builder(new SshEndpoint("127.0.0.1", link.port(), sshd.user()))
          .privateKey(sshd.clientKey()).knownHosts(knownHosts).build();
      CheckpointManifest m = SftpCheckpointStoreTest.sealedAt(localRoot, "big",
          SftpCheckpointStoreTest.files(new Random(13), 2048), 7_000);
      CheckpointStore local = LocalCheckpointStore.at(localRoot);
      try (SshConnection connection = SshConnector.connect(config);
          CheckpointStore remote = SftpCheckpoints.store(connection, remoteRoot.toString())) {
        java.util.List<String> ranged = new java.util.ArrayList<>();
        // OpenSSH grants 2 MiB per channel: at 40 ms the store asks for several streams per big file.
        assertThat(remote.writeStreamsPerFile()).isGreaterThan(1);
        CheckpointSync.builder().pieceBytes(512 * 1024)
            .listener(SftpCheckpointStoreTest.rangesSeen(remoteRoot, "big", ranged)).build().push(local, remote, "big");
        assertThat(ranged).contains("cell-a/best.pth");
        SftpCheckpointStoreTest.assertIntact(remoteRoot.resolve("export/big"), m);
        SftpCheckpointStoreTest.assertNoTemporaryFiles(remoteRoot.resolve("export/big"));

        // Back again as ranges read over sftp-server's 255 KiB limit, into a fresh local store.
        Path pulledRoot = localRoot.resolve("pulled");
        SyncResult pulled = CheckpointSync.builder().streamsPerFile(3).pieceBytes(300_000).build()
            .pull(remote, LocalCheckpointStore.at(pulledRoot), "big");
        assertThat(pulled.verified()).isPresent();
        SftpCheckpointStoreTest.assertIntact(pulledRoot.resolve("export/big"), m);
        SftpCheckpointStoreTest.assertNoTemporaryFiles(pulledRoot.resolve("export/big"));
      }
    }
  }

  @Test
  void pullsPushesAndResumesAfterARealDropAgainstOpenSsh() throws Exception {
    assumeTrue(OpenSshDaemon.isAvailable(), OpenSshDaemon.skipMessage());
    try (OpenSshDaemon sshd = OpenSshDaemon.start()) {
      SshConfig config = SshConfig.builder(sshd.endpoint()).privateKey(sshd.clientKey())
          .knownHosts(sshd.writeKnownHosts(keys.resolve("known_hosts"))).reconnect(5, Duration.ofMillis(100))
          .build();
      CheckpointManifest m = SftpCheckpointStoreTest.sealedAt(remoteRoot, "step-1",
          SftpCheckpointStoreTest.files(new Random(11), 2048), 5_000);
      try (SshConnection connection = SshConnector.connect(config);
          CheckpointStore remote = SftpCheckpoints.store(connection, remoteRoot.toString())) {
        CheckpointStore local = LocalCheckpointStore.at(localRoot);
        AtomicBoolean dropped = new AtomicBoolean();
        SyncListener dropAfterOneMiB = new SyncListener() {
          @Override
          public void progress(SyncProgress p) {
            if (p.bytesSent() >= (1 << 20) && dropped.compareAndSet(false, true)) {
              sshd.dropAllSessions();
              // SIGKILL lands asynchronously: hold this transfer until the client has seen the drop, or a fast
              // pull (reads in flight, closes not awaited) finishes first and the drop tests nothing.
              long deadline = System.nanoTime() + 5_000_000_000L;
              while (connection.isOpen() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
            }
          }
        };

        assertThatThrownBy(() -> CheckpointSync.builder().listener(dropAfterOneMiB).concurrency(1).build()
            .pull(remote, local, "step-1")).isInstanceOf(CheckpointTransferException.class);
        assertThat(local.latest()).isEmpty();
        long kept = SftpCheckpointStoreTest.keptBytes(localRoot.resolve("export/.partial/step-1"));
        assertThat(kept).isGreaterThanOrEqualTo(1 << 20);

        SyncResult resumed = CheckpointSync.builder().build().pull(remote, local, "step-1");
        assertThat(resumed.bytesSent()).isEqualTo(m.totalBytes() - kept);
        SftpCheckpointStoreTest.assertIntact(localRoot.resolve("export/step-1"), m);
        assertThat(CheckpointSync.builder().build().pull(remote, local, "step-1").bytesSent()).isZero();

        Files.move(localRoot.resolve("export/step-1"), localRoot.resolve("export/step-2"));
        SftpCheckpointStoreTest.sealedAt(localRoot, "step-3", SftpCheckpointStoreTest.files(new Random(12), 64),
            6_000);
        SyncResult pushed = CheckpointSync.builder().build().push(local, remote, "step-3");
        assertThat(pushed.filesSent()).isEqualTo(4);
        assertThat(remote.list()).containsExactly("step-1", "step-3");
        assertThat(remote.latest()).contains("step-3");
      }
    }
  }
}
