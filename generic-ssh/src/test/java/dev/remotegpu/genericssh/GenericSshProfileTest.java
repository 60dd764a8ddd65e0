package dev.remotegpu.genericssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.checkpoint.Verifier;
import dev.remotegpu.core.job.JobSpec;
import dev.remotegpu.core.platform.Platform;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.LifecycleEvent;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.core.run.RemoteRun;
import dev.remotegpu.genericssh.checks.DetachToolsCheck;
import dev.remotegpu.genericssh.checks.GpuHoldersCheck;
import dev.remotegpu.genericssh.checks.LineEndingsCheck;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generic-ssh profile holds the facts and only the facts; its checks decide what an observation can decide. */
class GenericSshProfileTest {
  private final PlatformProfile profile = GenericSshProfile.get();

  @Test
  void gotchasAreGen1ToGen8WithTheFactsSymptomCauseAndFix() {
    assertThat(profile.gotchas()).extracting(Gotcha::id)
        .containsExactly("GEN1", "GEN2", "GEN3", "GEN4", "GEN5", "GEN6", "GEN7", "GEN8");
    assertThat(profile.gotcha("gen2").rootCause()).contains("SIGHUP");
    assertThat(profile.gotcha("GEN3").fix()).contains("rsync --partial");
    assertThat(profile.gotcha("GEN4").symptom()).isEqualTo("bash: $'\\r': command not found");
    assertThat(profile.gotcha("GEN6").fix()).contains("same command", "@reboot", "systemd");
    assertThat(profile.gotcha("GEN7").fix()).contains("CUDA_VISIBLE_DEVICES", "nvidia-smi");
    assertThat(profile.gotcha("GEN8").fix()).contains("process", "log", "mtime");
    assertThat(profile.gotchas()).allSatisfy(g -> assertThat(g.verifiedSource()).isPresent());
  }

  @Test
  void survivalBillingAndClocksAreTheBoxFacts() {
    assertThat(profile.survival().cell("disk", LifecycleEvent.STOP).survives()).isTrue();
    assertThat(profile.survival().cell("disk", LifecycleEvent.DESTROY).survives()).isFalse();
    assertThat(profile.survival().cell("attached-volume", LifecycleEvent.DESTROY).note()).contains("verify");
    assertThat(profile.autoShutdownPolicies()).isEmpty();
    assertThat(profile.facts().meterStopIrreversible()).isTrue();
    assertThat(profile.facts().spotAvailable()).isFalse();
    assertThat(profile.billing().rules()).singleElement()
        .satisfies(r -> assertThat(r.note()).contains("declare"));
    assertThat(profile.gotchaIdFor(BillableKind.MACHINE)).contains("GEN1");
    assertThat(profile.hasAutoShutdown()).isFalse();
    assertThat(Hazard.values()).allSatisfy(h -> assertThat(profile.gotchaIdFor(h)).isEmpty());
    assertThat(profile.dangerClocks().get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(profile.notes()).anyMatch(n -> n.text().contains("df -i"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "my run dies whenever the laptop goes to sleep | GEN2",
      "bash: $'\\r': command not found | GEN4",
      "job vanished, low uptime, no tmux sessions | GEN6",
      "got a huge invoice for a box I forgot | GEN1",
      "40 GB scp transfer never finishes on a flaky link | GEN3",
      "two runs on the same gpu both crawl | GEN7",
      "poll connection dropped and the run was declared dead | GEN8",
      "GEN5 | GEN5"})
  void searchFindsTheGotchaFromTheUsersWords(String query, String id) {
    assertThat(profile.searchGotchas(query).best()).as(profile.searchGotchas(query).verdict())
        .hasValueSatisfying(m -> assertThat(m.id()).isEqualTo(id));
  }

  @Test
  void searchIsNotConfidentOnUnrelatedWords() {
    assertThat(profile.searchGotchas("pizza recipe").confident()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[1234.5] Out of memory: Killed process 4242 (python) | 3 days,  2:01 | CRITICAL | lack of memory",
      "[88.1] NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus | 5 min | CRITICAL | dead GPU",
      "'' | 4 min | WARNING | rebooted"})
  void theVanishLadderTellsOomFromDeadGpuFromReboot(String dmesg, String up, Severity severity, String says) {
    RunVanishedObservation seen = RunVanishedObservation.fromLadder(dmesg, " 10:00:00 up " + up + ",  1 user,"
        + "  load average: 0.00", "", Optional.empty(), Optional.of(Duration.ofHours(3)));
    assertThat(profile.vanishDiagnosis().check(seen)).singleElement().satisfies(f -> {
      assertThat(f.gotchaId()).isEqualTo("GEN6");
      assertThat(f.severity()).isEqualTo(severity);
      assertThat(f.message()).contains(says);
    });
  }

  @Test
  void aCleanDmesgAndAnUptimeLongerThanTheRunIsNoReboot() {
    RunVanishedObservation seen = RunVanishedObservation.fromLadder("", "up 2 days, 3:04", "", Optional.empty(),
        Optional.of(Duration.ofHours(5)));
    assertThat(profile.vanishDiagnosis().check(seen)).isEmpty();
    RunVanishedObservation fresh = RunVanishedObservation.fromLadder("", "up 12 min", "", Optional.empty(),
        Optional.empty());
    assertThat(profile.vanishDiagnosis().check(fresh)).extracting(Finding::gotchaId).containsExactly("GEN6");
  }

  @Test
  void lineEndingsGpuHoldersAndDetachToolsAreDecidedByObservation() {
    LineEndingsCheck crlf = new LineEndingsCheck(profile);
    assertThat(crlf.check(new LineEndingsCheck.Script("train.sh", "set -e\r\necho hi\r\n")))
        .singleElement().satisfies(f -> assertThat(f.evidence()).startsWith("2 line"));
    assertThat(crlf.check(new LineEndingsCheck.Script("train.sh", "set -e\necho hi\n"))).isEmpty();

    GpuHoldersCheck holders = new GpuHoldersCheck(profile);
    assertThat(holders.check("4242, python, 10240 MiB\n")).singleElement()
        .satisfies(f -> assertThat(f.gotchaId()).isEqualTo("GEN7"));
    assertThat(holders.check("")).isEmpty();

    DetachToolsCheck detach = new DetachToolsCheck(profile);
    assertThat(detach.check(new DetachToolsCheck.Tools(true, true))).isEmpty();
    assertThat(detach.check(new DetachToolsCheck.Tools(false, true))).extracting(Finding::severity)
        .containsExactly(Severity.INFO);
    assertThat(detach.check(new DetachToolsCheck.Tools(false, false))).extracting(Finding::severity)
        .containsExactly(Severity.CRITICAL);
  }

  /**
   * Neutrality: a planned run of any length on a product with no auto-shutdown (a box you own) must build; core
   * used to look up an auto-shutdown policy the generic platform does not have, and throw.
   */
  @Test
  void aPlannedRunOnAProductWithoutAutoShutdownBuilds() throws Exception {
    Platform platform = GenericSshPlatform.builder()
        .box(new SshBox("b", new SshEndpoint("127.0.0.1", 2222, "me"), "RTX4090", "home", Money.usd("1")))
        .privateKey(KeyPairGenerator.getInstance("EC").generateKeyPair())
        .build();
    RemoteRun run = RemoteRun.on(platform)
        .machine(LaunchRequest.of("RTX4090", "home"))
        .access(((GenericSshPlatform) platform).remoteAccess())
        .job(JobSpec.builder(List.of("true")).build())
        .checkpoints("/tmp/r", Path.of("pulled"), "c")
        .verifier(Verifier.NONE)
        .plannedRun(profile.product("box"), Duration.ofHours(100))
        .build();
    assertThat(run.dangerClocks()).isNotEmpty();
    run.close();
  }
}
