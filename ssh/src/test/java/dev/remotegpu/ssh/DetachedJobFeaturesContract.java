package dev.remotegpu.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.job.DetachedJob;
import dev.remotegpu.core.job.JobStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rest of the runner's behaviour (working directory, environment and stdin secrets kept out of files,
 * stop, unknown ids), run against the embedded host for both runners.
 */
abstract class DetachedJobFeaturesContract extends DetachedJobContract {

  @Test
  void environmentAndStdinReachTheJobButNoFile() throws Exception {
    Path workDirectory = Files.createDirectories(state.resolve("work dir"));
    DetachedJob job = runner(connection()).start(spec("sh", "-c", "pwd; printf '%s|' \"$API_TOKEN\"; cat")
        .workingDirectory(workDirectory.toString())
        .environment("API_TOKEN", "tok-SECRET-env-1234")
        .stdin("stdin-SECRET-5678")
        .build());

    assertThat(job.awaitEnd(WAIT, POLL)).isEqualTo(JobStatus.exited(0));
    assertThat(job.logTail(5)).containsExactly(workDirectory.toRealPath().toString(),
        "tok-SECRET-env-1234|stdin-SECRET-5678");
    Path log = Path.of(job.directory(), "log");
    try (Stream<Path> files = Files.walk(state)) {
      for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.equals(log)).toList()) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
            .doesNotContain("SECRET");
      }
    }
  }

  @Test
  void stopEndsTheJobWithSigterm() {
    DetachedJob job = runner(connection()).start(spec("sleep", "300").build());

    job.stop(Duration.ofSeconds(5));

    assertThat(job.status()).isEqualTo(JobStatus.exited(143));
  }

  @Test
  void attachingAnUnknownIdIsNotFound() {
    runner(connection()).start(spec("true").build()).awaitEnd(WAIT, POLL);

    assertThatThrownBy(() -> runner(connection()).attach("j20990101T000000-abcdef", state.toString()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("j20990101T000000-abcdef");
  }

}
