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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run directory's journal: every transition written atomically, read back whole by another reader. */
class RunJournalTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static LaunchRequest request() {
    return LaunchRequest.of("A4000", "ny2").fallback("A5000", "ny2").publicIp(PublicIpType.STATIC)
        .autoShutdown(Duration.ofHours(6)).runId("r-42");
  }

  @Test
  void everyTransitionIsWrittenAndReadBackByAnotherReader() throws Exception {
    Path runDir = dir.resolve("run");
    RunDirectory written = RunDirectory.open(runDir, "ck", request(), CLOCK);
    assertThat(written.resumed()).isFalse();
    assertThat(RunJournal.existsIn(runDir)).isFalse();
    written.begin();
    written.machine("psabc");
    written.jobLaunched("j1");
    written.jobLaunched("j2");
    written.pulled(new RunJournal.Pull(CLOCK.instant(), true, Optional.of("ab12"), 4, 4096));
    written.tornDown(new RunJournal.TeardownExecution(CLOCK.instant(), List.of("stop-machine:psabc"),
        List.of("destroy-machine:psabc"), List.of(), false));

    RunJournal read = RunJournal.read(runDir);
    assertThat(read).isEqualTo(written.journal());
    assertThat(read.launchRequest()).isEqualTo(request());
    assertThat(read.machineId()).contains("psabc");
    assertThat(read.jobId()).contains("j2");
    assertThat(read.launchCount()).isEqualTo(2);
    assertThat(read.lastVerifiedPull()).hasValueSatisfying(p -> assertThat(p.bytes()).isEqualTo(4096));
    assertThat(read.finished()).isFalse();
    assertThat(Files.readString(runDir.resolve(RunJournal.FILE_NAME)))
        .contains("\"format\": \"remotegpu-run-journal\"", "\"version\": 2", "\"machine_id\": \"psabc\"");
    try (var files = Files.list(runDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(RunJournal.FILE_NAME);
    }

    RunDirectory resumed = RunDirectory.open(runDir, "ck", LaunchRequest.of("A4000", "ny2"), CLOCK);
    assertThat(resumed.resumed()).isTrue();
    assertThat(resumed.journal().runId()).isEqualTo("r-42");
    resumed.tornDown(new RunJournal.TeardownExecution(CLOCK.instant(), List.of("destroy-machine:psabc"), List.of(),
        List.of(), true));
    assertThat(RunJournal.read(runDir).finishedAt()).contains(CLOCK.instant());
  }

  @Test
  void aStartIsRecordedBeforeTheMachineIsAskedAndClearedByItsLaunch() throws Exception {
    Path runDir = dir.resolve("run");
    RunDirectory written = RunDirectory.open(runDir, "ck", request(), CLOCK);
    written.machine("psabc");
    written.jobStarting("j1");
    RunJournal pending = RunJournal.read(runDir);
    assertThat(pending.startingJobId()).contains("j1");
    assertThat(pending.jobId()).isEmpty();
    assertThat(pending.launchCount()).isZero();

    written.jobLaunched("j1");
    assertThat(RunJournal.read(runDir).startingJobId()).isEmpty();
    assertThat(RunJournal.read(runDir).jobId()).contains("j1");
    assertThat(RunJournal.read(runDir).launchCount()).isEqualTo(1);
  }

  @Test
  void aJournalOfFormatVersion1IsReadWithoutAPendingStartAndRewrittenAsVersion2() throws Exception {
    Path runDir = dir.resolve("run");
    RunDirectory.open(runDir, "ck", request(), CLOCK).jobLaunched("j1");
    Path file = runDir.resolve(RunJournal.FILE_NAME);
    String v2 = Files.readString(file);
    String v1 = v2.replace("\"version\": 2", "\"version\": 1").replaceAll("\\n\\s*\"starting_job_id\": null,", "");
    assertThat(v1).doesNotContain("starting_job_id").contains("\"version\": 1");
    Files.writeString(file, v1);

    RunDirectory resumed = RunDirectory.open(runDir, "ck", request(), CLOCK);
    assertThat(resumed.journal().jobId()).contains("j1");
    assertThat(resumed.journal().startingJobId()).isEmpty();
    resumed.machine("psabc");
    assertThat(Files.readString(file)).contains("\"version\": 2", "\"starting_job_id\": null");
    // Version 2 must carry the key: cut from it, the journal is refused, as any other key (RunSurvivalAttackTest).
    Files.writeString(file, v2.replaceAll("\\n\\s*\"starting_job_id\": null,", ""));
    assertThatThrownBy(() -> RunJournal.read(runDir)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("starting_job_id");
  }

  @Test
  void aDamagedJournalOrAnotherCheckpointIdIsAClearError() throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("run"));
    assertThatThrownBy(() -> RunJournal.read(runDir)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("no run journal");
    RunDirectory.open(runDir, "ck", request(), CLOCK).begin();
    assertThatThrownBy(() -> RunDirectory.open(runDir, "other", request(), CLOCK))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'ck'");
    String text = Files.readString(runDir.resolve(RunJournal.FILE_NAME));
    Files.writeString(runDir.resolve(RunJournal.FILE_NAME), text.replace("\"version\": 2", "\"version\": 9"));
    assertThatThrownBy(() -> RunJournal.read(runDir)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("version 9");
    Files.writeString(runDir.resolve(RunJournal.FILE_NAME), text.substring(0, text.length() / 2));
    assertThatThrownBy(() -> RunJournal.read(runDir)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(RunJournal.FILE_NAME).hasMessageContaining("not readable");
  }

  @Test
  void everyDamagedJournalIsTheSameClearErrorAndIsLeftAsItWas() throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("run"));
    RunDirectory.open(runDir, "ck", request(), CLOCK).machine("psabc");
    Path file = runDir.resolve(RunJournal.FILE_NAME);
    String text = Files.readString(file);
    List<String> damaged = List.of("", "null", "[]", "{}", text.replace("\"run_id\": \"r-42\"", "\"run_id\": null"),
        text.replace("\"launch_count\": 0", "\"launch_count\": -1"),
        text.replaceAll("\"candidates\": \\[[^\\]]*\\]", "\"candidates\": []"),
        text.replace("\"public_ip_type\": \"STATIC\"", "\"public_ip_type\": \"IPV9\""),
        text.replace("\"launch_count\": 0", "\"launch_count\": 1e400"),
        text.replace("\"disk_size_gb\"", "\"disk_size_gb\": 1, \"disk_size_gb\""));
    for (String bad : damaged) {
      Files.writeString(file, bad);
      assertThatThrownBy(() -> RunDirectory.open(runDir, "ck", request(), CLOCK)).as("journal %s", bad)
          .isInstanceOf(UncheckedIOException.class).hasMessageContaining(RunJournal.FILE_NAME);
      assertThat(Files.readString(file)).isEqualTo(bad);
    }
  }
}
