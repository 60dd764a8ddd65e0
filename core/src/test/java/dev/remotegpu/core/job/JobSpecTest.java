package dev.remotegpu.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecTest {

  @Test
  void defaultsToTheLoginDirectoryAndTheDefaultStateDirectory() {
    JobSpec spec = JobSpec.of("python", "train.py");

    assertThat(spec.argv()).containsExactly("python", "train.py");
    assertThat(spec.workingDirectory()).isEmpty();
    assertThat(spec.logFile()).isEmpty();
    assertThat(spec.stateDirectory()).isEqualTo(JobSpec.DEFAULT_STATE_DIRECTORY);
  }

  @Test
  void toStringHidesEnvironmentValuesAndStdin() {
    JobSpec spec = JobSpec.builder(List.of("train")).environment("WANDB_API_KEY", "k-123456")
        .stdin("hunter2").build();

    assertThat(spec.toString()).contains("WANDB_API_KEY").doesNotContain("k-123456").doesNotContain("hunter2");
  }

  @Test
  void refusesBadValuesNamingThem() {
    assertThatThrownBy(() -> JobSpec.of()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argv");
    assertThatThrownBy(() -> JobSpec.of("a\0b")).hasMessageContaining("NUL");
    assertThatThrownBy(() -> JobSpec.builder(List.of("x")).environment("1BAD", "v").build())
        .hasMessageContaining("1BAD");
    assertThatThrownBy(() -> JobSpec.builder(List.of("x")).stateDirectory(" ").build())
        .hasMessageContaining("stateDirectory");
  }

  @Test
  void toBuilderKeepsEveryValue() {
    JobSpec spec = JobSpec.builder(List.of("x")).workingDirectory("/w").environment("A", "1").stdin("s")
        .logFile("/l").stateDirectory("/s").jobId("j1").build();

    assertThat(spec.toBuilder().build()).isEqualTo(spec);
  }

  @Test
  void aJobIdIsCheckedAtOnceAndShownWhileFreshIdsDiffer() {
    for (String bad : List.of("", "-x", ".hidden", "a/b", "a b", "x".repeat(65), "rgpu;rm")) {
      assertThatThrownBy(() -> JobSpec.builder(List.of("x")).jobId(bad)).as("id '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
    }
    assertThat(JobSpec.builder(List.of("x")).jobId("x".repeat(64)).build().jobId()).hasValue("x".repeat(64));
    assertThat(JobSpec.of("x").jobId()).isEmpty();
    assertThat(JobSpec.builder(List.of("x")).jobId("j-7").build().toString()).contains("jobId=j-7");
    String fresh = JobSpec.freshJobId();
    assertThat(JobSpec.requireJobId(fresh)).matches("j\\d{8}T\\d{6}-[0-9a-f]{6}");
    assertThat(fresh).isNotEqualTo(JobSpec.freshJobId());
  }

  @Test
  void statusesCompareByValue() {
    assertThat(JobStatus.exited(3)).isEqualTo(JobStatus.exited(3)).hasToString("EXITED(3)");
    assertThat(JobStatus.exited(3).exitCode()).hasValue(3);
    assertThat(JobStatus.RUNNING.isRunning()).isTrue();
    assertThat(JobStatus.VANISHED.exitCode()).isEmpty();
  }
}
