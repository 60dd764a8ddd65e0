package dev.remotegpu.core.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.LaunchCandidate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on the ledger's books: a second id for one name, and one file reached by two paths. */
class LedgerAttack2Test {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
  private static final LaunchCandidate A4000 = new LaunchCandidate("A4000", "ny2");

  @TempDir
  Path dir;

  @Test
  void aSecondIdRecordedForOneNameKeepsTheFirstMachineOnTheBooksInAFile() {
    secondIdKeepsBoth(LaunchLedgers.inFile(dir.resolve("ledger.txt"), CLOCK));
    assertThat(LaunchLedgers.inFile(dir.resolve("ledger.txt"), CLOCK).ownsMachine("ps1")).isTrue();
  }

  @Test
  void aSecondIdRecordedForOneNameKeepsTheFirstMachineOnTheBooksInMemory() {
    secondIdKeepsBoth(LaunchLedgers.inMemory(CLOCK));
  }

  private static void secondIdKeepsBoth(LaunchLedger ledger) {
    ledger.recordIntent("r", "rgpu-r-1", A4000);
    ledger.recordCreated("rgpu-r-1", "ps1");
    ledger.recordCreated("rgpu-r-1", "ps2"); // a retried create that made a second machine under the same name
    ledger.recordCreated("rgpu-r-1", "ps2"); // recorded again: no duplicate
    ledger.recordCreated("rgpu-r-1", "ps1");
    assertThat(ledger.ownsMachine("ps1")).as("the first machine still bills and must stay ours").isTrue();
    assertThat(ledger.ownsMachine("ps2")).isTrue();
    assertThat(ledger.entries()).hasSize(2)
        .allSatisfy(e -> assertThat(e.runId()).isEqualTo("r"))
        .allSatisfy(e -> assertThat(e.candidate()).isEqualTo(A4000));
  }

  @Test
  void aLedgerOpenedThroughASymlinkWritesTheFileTheLinkPointsTo() throws Exception {
    Path real = dir.resolve("real/ledger.txt");
    LaunchLedger direct = LaunchLedgers.inFile(real, CLOCK);
    direct.recordIntent("r", "a", A4000);
    Path link = dir.resolve("ledger-link.txt");
    Files.createSymbolicLink(link, real);

    LaunchLedgers.inFile(link, CLOCK).recordIntent("r", "b", A4000);

    assertThat(Files.isSymbolicLink(link)).as("the link is still a link").isTrue();
    assertThat(LaunchLedgers.inFile(real, CLOCK).entries()).extracting(LedgerEntry::machineName)
        .containsExactly("a", "b");
    direct.recordIntent("r", "c", A4000);
    assertThat(LaunchLedgers.inFile(link, CLOCK).entries()).extracting(LedgerEntry::machineName)
        .containsExactly("a", "b", "c");
  }

  @Test
  void twoLedgersOnOneFileThroughASymlinkedDirectoryRecordConcurrentlyWithoutLossOrError() throws Exception {
    Path realDir = Files.createDirectories(dir.resolve("real"));
    Path linkDir = Files.createSymbolicLink(dir.resolve("link"), realDir);
    LaunchLedger viaReal = LaunchLedgers.inFile(realDir.resolve("ledger.txt"), CLOCK);
    LaunchLedger viaLink = LaunchLedgers.inFile(linkDir.resolve("ledger.txt"), CLOCK);
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        LaunchLedger ledger = t % 2 == 0 ? viaReal : viaLink;
        String prefix = "t" + t + "-";
        done.add(pool.submit((Callable<Void>) () -> {
          for (int i = 0; i < perThread; i++) {
            ledger.recordIntent("r", prefix + i, A4000);
            ledger.recordCreated(prefix + i, "ps" + prefix + i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(viaReal.entries()).hasSize(4 * perThread)
        .allSatisfy(e -> assertThat(e.machineId()).contains("ps" + e.machineName()));
  }
}
