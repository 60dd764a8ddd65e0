package dev.remotegpu.core.run;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.run.internal.RunDirectory;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on the run journal's new starting_job_id (format version 2); each failed before its fix. */
class JournalAttack2Test {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  // -------------------------------------------------------------------------------------------------------------
  // FINDING (minor): the codec accepts any string as starting_job_id (and job_id), though JobSpec.requireJobId
  // defines what a job id is. A damaged journal with "../x" or "a b" is read as valid; the resumed start() then
  // fails with a bare IllegalArgumentException from attach ("not a job id") instead of the journal's "not
  // readable ... restore it" error, and jobEnded() swallows it as "not ended", so the run is stuck with no hint that
  // the journal is the problem.
  // Fix: JournalCodec.decode checks job_id and starting_job_id with JobSpec.requireJobId (IllegalArgumentException
  // -> its UncheckedIOException naming the file); the RunJournal constructor could check too.
  // -------------------------------------------------------------------------------------------------------------
  @Test
  void aJournalWhosePendingJobIdIsNoJobIdIsRefused() throws Exception {
    Path runDir = dir.resolve("run");
    RunDirectory written = RunDirectory.open(runDir, "ck", LaunchRequest.of("A4000", "ny2").runId("r"), CLOCK);
    written.machine("psabc");
    written.jobStarting("j1");
    Path file = runDir.resolve(RunJournal.FILE_NAME);
    Files.writeString(file, Files.readString(file).replace("\"starting_job_id\": \"j1\"",
        "\"starting_job_id\": \"../../etc/x y\""));

    assertThatThrownBy(() -> RunJournal.read(runDir)).as("a journal naming a pending job that cannot exist")
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("starting_job_id");
  }
}
