package dev.remotegpu.ssh.internal.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.checkpoint.CheckpointStore;
import dev.remotegpu.ssh.SftpCheckpoints;
import dev.remotegpu.ssh.SshConnection;
import dev.remotegpu.testfixtures.net.EmulatedLink;
import dev.remotegpu.testfixtures.ssh.EmbeddedSshHost;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads through a slow long link ask for about what the path holds, not for the whole window: whatever is asked
 * beyond it waits in the server (OpenSSH's sshd then burns a core on its buffer and the pull stalls).
 */
class ReadPacingOverLinkTest {
  @TempDir Path keys;

  @Test
  void aPullOverASlowLongLinkKeepsItsReadsInFlightNearThePathNotAtTheWindow() throws Exception {
    // 100 ms at 2 MB/s holds 200 KB; the window sized for the round trip is 25 MB (about 95 reads of 255 KiB).
    try (EmbeddedSshHost host = EmbeddedSshHost.start();
        EmulatedLink link = EmulatedLink.start(host.port(), Duration.ofMillis(100), 2_000_000)) {
      Path root = Files.createTempDirectory(host.root(), "paced");
      byte[] expected = SftpOverLongLinkTest.randomFile(root.resolve("weights.bin"), 4 << 20, 5);
      try (SshConnection connection = SftpOverLongLinkTest.connectThrough(host, link, keys);
          CheckpointStore store = SftpCheckpoints.store(connection, root.toString())) {
        SftpCheckpointStore sftp = (SftpCheckpointStore) store;
        LinkTuning tuning = sftp.tuning();
        assertThat(tuning.readsPerFile(SftpCheckpointStore.IO_SIZE, 1, Long.MAX_VALUE, 0)).isGreaterThan(50);

        byte[] got;
        try (InputStream in = store.open("weights.bin", 0)) {
          got = in.readAllBytes();
        }

        assertThat(got).isEqualTo(expected);
        // The answers queued behind one another (4 MiB at 2 MB/s), so the budget fell to its 2 MiB floor.
        assertThat(sftp.readBudget()).isEqualTo(LinkTuning.DEFAULT_WINDOW);
        assertThat(tuning.readsPerFile(SftpCheckpointStore.IO_SIZE, 1, sftp.readBudget(), 0)).isLessThanOrEqualTo(8);
      }
    }
  }
}
