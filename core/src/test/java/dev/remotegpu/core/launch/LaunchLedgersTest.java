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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchLedgersTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);
  private static final LaunchCandidate A4000 = new LaunchCandidate("A4000", "ny2");

  @TempDir
  Path dir;

  @Test
  void aFileLedgerSurvivesARestartWithIntentsAndIds() {
    Path file = dir.resolve("sub/ledger.txt");
    LaunchLedger ledger = LaunchLedgers.inFile(file, CLOCK);
    ledger.recordIntent("run 42", "rgpu-run-42-abc", A4000);
    ledger.recordIntent("run 42", "rgpu-run-42-def", new LaunchCandidate("A5000", "East Coast (NY2)"));
    ledger.recordCreated("rgpu-run-42-abc", "psm9u09bwu5i");

    LaunchLedger reloaded = LaunchLedgers.inFile(file, CLOCK);
    assertThat(reloaded.entries()).containsExactly(
        new LedgerEntry("run 42", "rgpu-run-42-abc", A4000, Optional.of("psm9u09bwu5i"), CLOCK.instant()),
        new LedgerEntry("run 42", "rgpu-run-42-def", new LaunchCandidate("A5000", "East Coast (NY2)"),
            Optional.empty(), CLOCK.instant()));
    assertThat(reloaded.ownsMachine("psm9u09bwu5i")).isTrue();
    assertThat(reloaded.ownsMachine("psother")).isFalse();
    assertThat(reloaded.byName("rgpu-run-42-def")).isPresent();
    assertThat(dir.resolve("sub/ledger.txt.tmp")).doesNotExist();
  }

  @Test
  void aCorruptLedgerIsReportedWithItsLineInsteadOfBeingIgnored() throws Exception {
    Path file = dir.resolve("ledger.txt");
    Files.writeString(file, "# remotegpu launch ledger v1\nonly three fields\n");
    assertThatThrownBy(() -> LaunchLedgers.inFile(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void recordingAnIdWithoutAnIntentIsRefused() {
    LaunchLedger ledger = LaunchLedgers.inMemory(CLOCK);
    assertThatThrownBy(() -> ledger.recordCreated("never-intended", "ps1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never-intended");
  }

  @Test
  void recordingTheSameIntentTwiceKeepsOneEntry() {
    LaunchLedger ledger = LaunchLedgers.inMemory(CLOCK);
    ledger.recordIntent("r", "n", A4000);
    ledger.recordIntent("r", "n", A4000);
    assertThat(ledger.entries()).hasSize(1);
  }

  @Test
  void anEmptyLedgerIsAClearErrorAndStaysAsItIs() throws Exception {
    Path file = dir.resolve("ledger.txt");
    Files.writeString(file, "");
    assertThatThrownBy(() -> LaunchLedgers.inFile(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("empty")
        .hasMessageContaining("nothing was written");
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void aLedgerDamagedAfterOpeningRefusesTheIntentSayingNoCreateHappenedAndKeepsEveryByte() throws Exception {
    Path file = dir.resolve("ledger.txt");
    LaunchLedger ledger = LaunchLedgers.inFile(file, CLOCK);
    ledger.recordIntent("r", "rgpu-r-1", A4000);
    String damaged = Files.readString(file) + "half a line\n";
    Files.writeString(file, damaged);

    assertThatThrownBy(() -> ledger.recordIntent("r", "rgpu-r-2", A4000))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("NOT attempted")
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> ledger.recordCreated("rgpu-r-1", "ps123"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("WAS created (id ps123)")
        .hasMessageNotContaining("NOT attempted");
    assertThat(Files.readString(file)).isEqualTo(damaged);
  }

  @Test
  void twoLedgerObjectsOnOneFileSeeEachOthersEntries() {
    Path file = dir.resolve("ledger.txt");
    LaunchLedger first = LaunchLedgers.inFile(file, CLOCK);
    LaunchLedger second = LaunchLedgers.inFile(file, CLOCK);
    first.recordIntent("r", "a", A4000);
    second.recordIntent("r", "b", A4000);
    first.recordCreated("b", "psb");
    assertThat(second.entries()).extracting(LedgerEntry::machineName).containsExactly("a", "b");
    assertThat(second.ownsMachine("psb")).isTrue();
  }
}
