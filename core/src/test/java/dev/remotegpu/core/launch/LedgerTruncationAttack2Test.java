package dev.remotegpu.core.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.LaunchCandidate;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger cut short at a line boundary (a copy or a sync tool that stopped early) must not lose machines silently. */
class LedgerTruncationAttack2Test {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
  private static final LaunchCandidate A4000 = new LaunchCandidate("A4000", "ny2");

  @TempDir
  Path dir;

  private Path ledgerWithThreeMachines() {
    Path file = dir.resolve("ledger.txt");
    LaunchLedger ledger = LaunchLedgers.inFile(file, CLOCK);
    for (String name : List.of("a", "b", "c")) {
      ledger.recordIntent("r", name, A4000);
      ledger.recordCreated(name, "ps" + name);
    }
    return file;
  }

  @Test
  void aLedgerCutAfterItsFirstEntryFailsLoudlyNamingTheFile() throws Exception {
    Path file = ledgerWithThreeMachines();
    List<String> lines = Files.readAllLines(file);
    String cut = lines.get(0) + "\n" + lines.get(1) + "\n";
    Files.writeString(file, cut);

    assertThatThrownBy(() -> LaunchLedgers.inFile(file, CLOCK))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining("cut short");
    assertThat(Files.readString(file)).isEqualTo(cut);
  }

  @Test
  void aLedgerCutToItsHeaderFailsLoudly() throws Exception {
    Path file = ledgerWithThreeMachines();
    Files.writeString(file, Files.readAllLines(file).get(0) + "\n");
    assertThatThrownBy(() -> LaunchLedgers.inFile(file, CLOCK).entries())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cut short");
  }

  @Test
  void aLedgerWrittenByTheFirstFormatStillLoadsAndKeepsItsEntries() throws Exception {
    Path file = dir.resolve("ledger.txt");
    Files.writeString(file, "# remotegpu launch ledger v1\nr a A4000 ny2 psa 2026-11-28T10%3A00%3A00Z\n");
    LaunchLedger ledger = LaunchLedgers.inFile(file, CLOCK);
    assertThat(ledger.ownsMachine("psa")).isTrue();
    ledger.recordIntent("r", "b", A4000);
    assertThat(LaunchLedgers.inFile(file, CLOCK).entries()).extracting(LedgerEntry::machineName)
        .containsExactly("a", "b");
  }
}
