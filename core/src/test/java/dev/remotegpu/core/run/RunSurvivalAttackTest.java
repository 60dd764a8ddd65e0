package dev.remotegpu.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.run.internal.RunDirectory;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals damaged so that they still parse, or that are not there to read: each must fail loudly naming the file,
 * never resume as a run without a machine or a job (which would launch a second machine or a second job).
 */
class RunSurvivalAttackTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static LaunchRequest request() {
    return LaunchRequest.of("A4000", "ny2").publicIp(PublicIpType.STATIC).autoShutdown(Duration.ofHours(6))
        .runId("r-42");
  }

  @Test
  void aJournalWithAKeyCutOutIsAClearErrorNotARunWithoutThatPart() throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("run"));
    RunDirectory written = RunDirectory.open(runDir, "ck", request(), CLOCK);
    written.machine("psabc");
    written.jobLaunched("j1");
    Path file = runDir.resolve(RunJournal.FILE_NAME);
    String text = Files.readString(file);
    // Before the fix: an absent key read as null, so the run resumed without its machine (and launched a second
    // one) or without its job (and started a second copy).
    for (String key : List.of("machine_id", "job_id", "finished_at", "template_id", "auto_shutdown")) {
      String cut = text.replaceAll("\\n\\s*\"" + key + "\": [^,\\n]*,", "")
          .replaceAll(",\\n\\s*\"" + key + "\": [^,\\n]*\\n", "\n"); // the last key of its object
      assertThat(cut).as("journal without %s", key).isNotEqualTo(text);
      Files.writeString(file, cut);
      assertThatThrownBy(() -> RunDirectory.open(runDir, "ck", request(), CLOCK)).as("journal without %s", key)
          .isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString()).hasMessageContaining(key);
    }
  }

  @Test
  void aJournalLinkedToAFileThatIsNotThereIsAClearErrorNotAFreshRun() throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("run"));
    Path elsewhere = dir.resolve("unmounted/run.json");
    Files.createSymbolicLink(runDir.resolve(RunJournal.FILE_NAME), elsewhere);
    // Before the fix: the dangling link read as "no journal", and the run started afresh (a second machine).
    assertThatThrownBy(() -> RunDirectory.open(runDir, "ck", request(), CLOCK))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining(RunJournal.FILE_NAME);
  }
}
