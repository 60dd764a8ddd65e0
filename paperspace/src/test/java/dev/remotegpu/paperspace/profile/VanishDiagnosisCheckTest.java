package dev.remotegpu.paperspace.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.profile.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VanishDiagnosisCheckTest {

  static final String OOM_DMESG = """
      [12345.123456] python invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0
      [12345.678901] Out of memory: Killed process 4242 (python) total-vm:48123456kB, anon-rss:31234567kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:61234kB oom_score_adj:0
      """;
  static final String OOM_KILL_LINE = "[ 8811.004211] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),"
      + "cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice,task=python,pid=4242,uid=1000";
  static final String CLEAN_DMESG = """
      [    0.000000] Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0)
      [    2.314159] nvidia: loading out-of-tree module taints kernel.
      """;
  static final String UPTIME_FRESH = " 10:15:01 up 3 min,  1 user,  load average: 0.08, 0.03, 0.01";
  static final String UPTIME_LONG = " 10:15:01 up 2 days,  3:04,  2 users,  load average: 0.52, 0.58, 0.59";
  static final String NVIDIA_SMI_IDLE = """
      +-----------------------------------------------------------------------------------------+
      | NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
      |-----------------------------------------+------------------------+----------------------+
      | GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |
      |   0  NVIDIA RTX A4000               Off |   00000000:00:05.0 Off |                  Off |
      +-----------------------------------------------------------------------------------------+
      | Processes:                                                                              |
      |  GPU   GI   CI        PID   Type   Process name                              GPU Memory |
      |=========================================================================================|
      |  No running processes found                                                             |
      +-----------------------------------------------------------------------------------------+
      """;
  static final String NVIDIA_SMI_BUSY = NVIDIA_SMI_IDLE.replace(
      "|  No running processes found                                                             |",
      "|    0   N/A  N/A      4242      C   python                                     10240MiB |");

  private final VanishDiagnosisCheck check = new VanishDiagnosisCheck();

  @Test
  void oomKillInDmesgIsACrashNotAnAutoShutdown() {
    List<Finding> findings = check.check(new RunVanishedObservation(OOM_DMESG, UPTIME_LONG, NVIDIA_SMI_IDLE,
        Optional.of(Duration.ofHours(12)), Optional.of(Duration.ofHours(12))));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS13");
      assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(f.message()).contains("OOM kill");
      assertThat(f.evidence()).contains("Out of memory: Killed process 4242 (python)").contains("GPU idle");
    });
  }

  @Test
  void oomKillConstraintLineIsRecognisedToo() {
    assertThat(check.check(new RunVanishedObservation(OOM_KILL_LINE, "", "", Optional.empty())))
        .singleElement().satisfies(f -> assertThat(f.evidence()).contains("oom-kill:constraint"));
  }

  @Test
  void freshBootWithCleanDmesgAndRunNearTheWindowIsTheAutoShutdown() {
    List<Finding> findings = check.check(new RunVanishedObservation(CLEAN_DMESG, UPTIME_FRESH, NVIDIA_SMI_IDLE,
        Optional.of(Duration.ofHours(12)), Optional.of(Duration.ofMinutes(12 * 60 - 4))));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS2");
      assertThat(f.message()).contains("auto-shutdown").contains("12 h");
      assertThat(f.evidence()).contains("up 3 min").contains("no OOM");
      assertThat(f.fix()).isEqualTo(PaperspaceProfile.get().gotcha("PS2").fix());
    });
  }

  @Test
  void runLengthNearAKnownDefaultWindowIsTheAutoShutdownEvenWithoutUptime() {
    assertThat(check.check(new RunVanishedObservation(CLEAN_DMESG, "", "", Optional.empty(),
        Optional.of(Duration.ofMinutes(6 * 60 + 2)))))
        .singleElement().satisfies(f -> assertThat(f.gotchaId()).isEqualTo("PS2"));
  }

  @Test
  void freshBootAloneWithUnknownWindowPointsAtTheAutoShutdown() {
    assertThat(check.check(new RunVanishedObservation(CLEAN_DMESG, " 09:00:00 up 12:01,  0 users,  load average: 0.00",
        "", Optional.empty(), Optional.of(Duration.ofHours(30)))))
        .singleElement().satisfies(f -> assertThat(f.gotchaId()).isEqualTo("PS2"));
  }

  @Test
  void rebootWellBeforeTheKnownWindowIsNotTheAutoShutdown() {
    assertThat(check.check(new RunVanishedObservation(CLEAN_DMESG, UPTIME_FRESH, "",
        Optional.of(Duration.ofHours(12)), Optional.of(Duration.ofHours(2)))))
        .singleElement().satisfies(f -> {
          assertThat(f.gotchaId()).isEqualTo("PS13");
          assertThat(f.message()).contains("before its auto-shutdown window");
        });
  }

  @Test
  void longUptimeCleanDmesgIsACrashAndNvidiaSmiSaysDeadOrHung() {
    assertThat(check.check(new RunVanishedObservation(CLEAN_DMESG, UPTIME_LONG, NVIDIA_SMI_IDLE,
        Optional.of(Duration.ofHours(12)), Optional.of(Duration.ofHours(3)))))
        .singleElement().satisfies(f -> {
          assertThat(f.gotchaId()).isEqualTo("PS13");
          assertThat(f.message()).contains("crash").contains("job died");
        });
    assertThat(check.check(new RunVanishedObservation(CLEAN_DMESG, UPTIME_LONG, NVIDIA_SMI_BUSY, Optional.empty())))
        .singleElement().satisfies(f -> assertThat(f.message()).contains("hung"));
  }

  @Test
  void emptyOutputOfTheSeedsDmesgGrepLadderIsCleanNotMissing() {
    List<Finding> findings = check.check(RunVanishedObservation.fromLadder("", UPTIME_FRESH, "",
        Optional.of(Duration.ofHours(12)), Optional.of(Duration.ofMinutes(12 * 60 - 4))));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("PS2");
      assertThat(f.message()).contains("dmesg shows no OOM kill").doesNotContain("no dmesg given");
      assertThat(f.evidence()).contains("dmesg: clean");
    });
    // the clean grep alone is an observation: it rules the OOM kill out
    assertThat(check.check(RunVanishedObservation.fromLadder("", "", "", Optional.empty(), Optional.empty())))
        .singleElement().satisfies(f -> assertThat(f.evidence()).contains("dmesg: clean"));
    // without the ladder, empty output still means dmesg was not run
    assertThat(check.check(new RunVanishedObservation("", UPTIME_FRESH, "", Optional.of(Duration.ofHours(12)),
        Optional.of(Duration.ofMinutes(12 * 60 - 4))))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("no dmesg given"));
  }

  @Test
  void emptyObservationHasNoFinding() {
    assertThat(check.check(new RunVanishedObservation("", "", "", Optional.empty()))).isEmpty();
    assertThat(check.check(new RunVanishedObservation("  \n", " ", "", Optional.of(Duration.ofHours(6))))).isEmpty();
  }

  @Test
  void garbageUptimeIsRefusedNamingTheInput() {
    assertThatThrownBy(() -> check.check(new RunVanishedObservation("", "bash: uptime: command not found", "",
        Optional.empty()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uptimeOutput")
        .hasMessageContaining("command not found");
  }

  @Test
  void isTheProfilesVanishDiagnosis() {
    assertThat(PaperspaceProfile.get().vanishDiagnosis().check(
        new RunVanishedObservation(OOM_DMESG, "", "", Optional.empty()))).hasSize(1);
  }
}
