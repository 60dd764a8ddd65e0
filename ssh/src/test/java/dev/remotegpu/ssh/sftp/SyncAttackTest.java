package dev.remotegpu.ssh.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.checkpoint.CheckpointManifest;
import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.core.checkpoint.CheckpointSync;
import dev.remotegpu.core.checkpoint.LocalCheckpointStore;
import dev.remotegpu.core.checkpoint.ManifestFile;
import dev.remotegpu.core.checkpoint.SyncResult;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConfig;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.ssh.SshConnector;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on checkpoint sync over the real SFTP store (embedded SSH host on loopback). The platform-neutral attacks
 * and the list of what HELD are in {@code core/src/test/java/dev/remotegpu/core/checkpoint/SyncAttackTest.java}.
 *
 * <h2>HELD (tried over SFTP)</h2>
 *
 * <ul>
 *   <li>A staged file on the server with the same size and mtime as the source but other bytes, before a resumed
 *       push: {@code stagedMatches} reads it back through the store and re-hashes it, so it is sent again.</li>
 *   <li>A symlink on the server at the published bundle's files or on the way to one: refused by the LSTAT batch of
 *       {@code SftpCheckpointStore.files(dir, paths)} (covered by an existing test).</li>
 * </ul>
 */
class SyncAttackTest {
  static EmbeddedSshHost host;
  @TempDir static Path keys;
  @TempDir Path localRoot;
  Path remoteRoot;
  SshConnection connection;
  CheckpointStore remote;
  CheckpointStore local;

  @BeforeAll
  static void startHost() {
    host = EmbeddedSshHost.start();
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @BeforeEach
  void connect() throws IOException {
    host.clearFaults();
    remoteRoot = Files.createTempDirectory(host.root(), "storage");
    SshConfig config = SshConfig.builder(host.endpoint()).privateKey(host.clientKeyPair())
        .knownHosts(host.writeKnownHosts(keys.resolve("known_hosts"))).reconnect(5, Duration.ofMillis(50)).build();
    connection = SshConnector.connect(config);
    remote = SftpCheckpoints.store(connection, remoteRoot.toString());
    local = LocalCheckpointStore.at(localRoot);
  }

  @AfterEach
  void disconnect() throws IOException {
    host.clearFaults();
    remote.close();
    connection.close();
  }

  private static List<String> mismatches(Path bundle, CheckpointManifest m) throws Exception {
    List<String> bad = new ArrayList<>();
    for (ManifestFile f : m.files()) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(bundle.resolve(f.path())));
      if (!HexFormat.of().formatHex(digest).equals(f.sha256())) {
        bad.add(f.path());
      }
    }
    return bad;
  }

  /**
   * FINDING 8 — a push to the machine reports the bundle "up to date" and sends nothing when the machine's published
   * copy holds other bytes of the same size: the incremental skip trusts sizes, not hashes, on a remote target.
   *
   * <p>Mechanism: {@code SyncEngine.alreadyPublished} (SyncEngine.java:224-233) compares the manifest bytes and the
   * roster (names and sizes), and re-hashes the files only when the target is local ({@code localDir.isPresent()});
   * the SFTP store has no local path, so a corrupted (bit rot, a buggy or partly hostile machine, a job that wrote
   * into {@code export/<id>}) same-size file is accepted and the push returns {@code upToDate() == true},
   * {@code bytesSent() == 0}. {@code CheckpointSync.push} javadoc promises "digests checked against the manifest".
   *
   * <p>Impact: "an unchanged file is skipped only when it truly is unchanged" does not hold for push; the job on the
   * machine resumes from a checkpoint whose bytes are not the host's, and the host was told the push succeeded. Fix:
   * on a remote target, read the published files back and hash them (as {@code stagedMatches} already does for
   * staged files) before reporting up to date, and refuse (published bundles are immutable) or re-push under a new
   * id when one does not match.
   */
  @Test
  void aPushDoesNotReportUpToDateWhenTheMachinesPublishedCopyHoldsOtherBytesOfTheSameSize() throws Exception {
    CheckpointManifest m = SftpCheckpointStoreTest.sealedAt(localRoot, "step-1",
        SftpCheckpointStoreTest.files(new Random(11), 64), 3_000);
    CheckpointSync sync = CheckpointSync.builder().build();
    sync.push(local, remote, "step-1");
    assertThat(mismatches(remoteRoot.resolve("export/step-1"), m)).isEmpty();

    // The machine's copy rots: one byte of a checkpoint flips, size and mtime unchanged.
    Path onMachine = remoteRoot.resolve("export/step-1").resolve(m.files().get(0).path());
    FileTime mtime = Files.getLastModifiedTime(onMachine);
    try (RandomAccessFile raf = new RandomAccessFile(onMachine.toFile(), "rw")) {
      raf.seek(1234);
      int b = raf.read();
      raf.seek(1234);
      raf.write(b ^ 0x01);
    }
    Files.setLastModifiedTime(onMachine, mtime);

    SyncResult again;
    try {
      again = sync.push(local, remote, "step-1");
    } catch (RuntimeException refused) {
      return; // refusing to call a damaged published copy "up to date" is acceptable
    }

    assertThat(again.upToDate() ? mismatches(remoteRoot.resolve("export/step-1"), m) : List.of())
        .as("push reported up to date (sent %d bytes) while the machine's copy does not match the manifest",
            again.bytesSent())
        .isEmpty();
    assertThat(mismatches(remoteRoot.resolve("export/step-1"), m))
        .as("after a push that returned normally the machine must hold the manifest's bytes").isEmpty();
  }
}
