package dev.remotegpu.paperspace.profile;

import static dev.remotegpu.core.profile.LifecycleEvent.DESTROY;
import static dev.remotegpu.core.profile.LifecycleEvent.STOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.profile.AutoShutdownPolicy;
import dev.remotegpu.core.profile.Billing;
import dev.remotegpu.core.profile.BillingRule;
import dev.remotegpu.core.profile.Deprecation;
import dev.remotegpu.core.profile.FreeTier;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.PlatformFacts;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.ScriptOverrides;
import dev.remotegpu.core.profile.SizeRange;
import dev.remotegpu.core.profile.StorageTier;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Holds the profile data to the seed (shared/seeds/paperspace.md) fact by fact, with the seed's literal values. */
class PaperspaceProfileSeedTest {

  private final PlatformProfile profile = PaperspaceProfile.get();

  @Test
  void frontMatter() {
    PlatformFacts facts = profile.facts();
    assertThat(profile.platform()).isEqualTo("paperspace");
    assertThat(facts.kind()).isEqualTo("cloud-api");
    assertThat(facts.meterStopVerb()).isEqualTo("shut-down");
    assertThat(facts.meterStopIrreversible()).isFalse();
    assertThat(facts.detachPrimitive()).isEqualTo("tmux");
    assertThat(facts.spotAvailable()).isFalse();
    assertThat(facts.spotGrace()).isEmpty();
    assertThat(facts.sharedFs()).isTrue();
    assertThat(facts.inodeCap()).isEmpty();
    assertThat(facts.freeEgress()).isTrue();
    assertThat(facts.chinaMirrorNeeded()).isFalse();
    assertThat(facts.hostDriverCudaMax()).isEqualTo("host-dependent");
    assertThat(facts.localNvme()).isEqualTo("host-dependent");
    assertThat(facts.note("meterStopVerb")).hasValueSatisfying(n -> assertThat(n).contains("only destroy/delete"));
    assertThat(facts.note("sharedFs")).hasValueSatisfying(n -> assertThat(n).contains("team-shared"));
    assertThat(facts.notes()).containsKeys("kind", "meterStopIrreversible", "detachPrimitive", "spotAvailable",
        "spotGrace", "inodeCap", "freeEgress", "chinaMirrorNeeded", "hostDriverCudaMax", "localNvme");
  }

  @ParameterizedTest(name = "{0} x {1} -> {2}")
  @CsvSource({
      "notebook-storage, STOP, true",
      "notebook-storage, DESTROY, true",
      "notebook-notebooks, STOP, true",
      "notebook-notebooks, DESTROY, false",
      "notebook-workspace, STOP, false",
      "notebook-workspace, DESTROY, false",
      "core-block-storage, STOP, true",
      "core-block-storage, DESTROY, false",
      "core-snapshot, STOP, true",
      "core-snapshot, DESTROY, true"})
  void everySurvivalCell(String tier, String event, boolean survives) {
    assertThat(profile.survival().tierSurvives(tier, dev.remotegpu.core.profile.LifecycleEvent.valueOf(event)))
        .isEqualTo(survives);
  }

  @Test
  void survivalTiersCarryTheirPathsCapsAndNotes() {
    assertThat(profile.survival().tiers()).hasSize(5).extracting(StorageTier::id).containsExactly(
        "notebook-storage", "notebook-notebooks", "notebook-workspace", "core-block-storage", "core-snapshot");
    assertThat(profile.survival().cells()).hasSize(10);
    StorageTier storage = profile.survival().tier("notebook-storage");
    assertThat(storage.pathPrefixes()).containsExactly("/storage");
    assertThat(storage.teamShared()).isTrue();
    assertThat(storage.capNote()).contains("team-shared per region/cluster", "billed until deleted");
    assertThat(profile.survival().tier("notebook-notebooks").capNote()).contains("console File Manager");
    assertThat(profile.survival().cell("notebook-notebooks", DESTROY).note()).contains("dies with the notebook");
    StorageTier workspace = profile.survival().tier("notebook-workspace");
    assertThat(workspace.catchAll()).isTrue();
    assertThat(workspace.pathPrefixes()).contains("/usr/local/lib");
    assertThat(workspace.capNote()).contains("ephemeral", "wiped on stop", "pip lands here");
    StorageTier block = profile.survival().tier("core-block-storage");
    assertThat(block.size()).contains(new SizeRange(50, 2000, true));
    assertThat(block.capNote()).contains("50 GB-2 TB", "expansion irreversible", "region-locked");
    StorageTier snapshot = profile.survival().tier("core-snapshot");
    assertThat(snapshot.hasPaths()).isFalse();
    assertThat(snapshot.capNote()).contains("$0.29/GB/mo", "Never/0", "survives machine destroy");
    assertThat(profile.survival().cell("core-snapshot", DESTROY).note()).contains("orphan-bills");
  }

  @Test
  void billingNumbers() {
    Billing billing = profile.billing();
    assertThat(billing.granularity()).isEqualTo("per hour");
    assertThat(billing.stopEffect()).contains("storage", "public IP addresses", "add-ons", "hourly basis");
    assertThat(billing.monthlyCapOnNonGpu()).isTrue();
    assertThat(billing.monthlyCapNote()).contains("no longer incurs charges for the rest of the billing cycle");

    BillingRule staticIp = billing.rule("static-public-ip");
    assertThat(staticIp.hourly()).hasValueSatisfying(rate -> {
      assertThat(rate.perHour()).isEqualTo(Money.usd("0.0045"));
      assertThat(rate.monthlyCap()).contains(Money.usd("3.00"));
    });
    assertThat(staticIp.billedWhileStopped()).isTrue();
    assertThat(staticIp.examples()).singleElement()
        .satisfies(e -> assertThat(e.approxPerMonth()).isEqualTo(Money.usd("3")));

    assertThat(billing.rule("snapshot").perGbMonth()).contains(Money.usd("0.29"));
    assertThat(billing.rule("snapshot").survivesMachineDestroy()).isTrue();
    assertThat(billing.rule("snapshot").note()).contains("Never/0", "daily by default, up to 10 stored");
    assertThat(billing.rule("notebook-storage").perGbMonth()).contains(Money.usd("0.29"));

    BillingRule block = billing.rule("block-storage");
    assertThat(block.billedWhileStopped()).isTrue();
    assertThat(block.note()).contains("50 GB-2 TB");
    assertThat(block.examples()).singleElement().satisfies(e -> {
      assertThat(e.approxPerMonth()).isEqualTo(Money.usd("120"));
      assertThat(e.description()).contains("2 TB");
    });

    BillingRule compute = billing.rule("compute");
    assertThat(compute.billedWhileStopped()).isFalse();
    assertThat(compute.monthlyCapApplies()).isFalse();
    assertThat(billing.rule("dynamic-public-ip").billedWhileStopped()).isFalse();
    assertThat(billing.rules()).filteredOn(r -> !r.id().equals("compute"))
        .allMatch(BillingRule::monthlyCapApplies);
    assertThat(billing.fullStopActions()).containsExactly(
        "destroy the machine", "release the static IP", "delete the storage", "delete any snapshot");
    assertThat(billing.irreversibleActions()).hasSize(2);
    assertThat(billing.reversibleActions()).containsExactly("shut-down (resume later)");
    assertThat(billing.summary()).contains("Stopped is not free");
  }

  @Test
  void autoShutdownClocks() {
    AutoShutdownPolicy free = profile.autoShutdownPolicy(PaperspaceProfile.GRADIENT_FREE_NOTEBOOK);
    assertThat(free.maxWindow()).isEqualTo(Duration.ofHours(6));
    assertThat(free.hardCap()).isTrue();
    AutoShutdownPolicy paid = profile.autoShutdownPolicy(PaperspaceProfile.GRADIENT_PAID_NOTEBOOK);
    assertThat(paid.defaultWindow()).contains(Duration.ofHours(12));
    assertThat(paid.minWindow()).contains(Duration.ofHours(1));
    assertThat(paid.maxWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(paid.hardCap()).isFalse();
    AutoShutdownPolicy core = profile.autoShutdownPolicy(PaperspaceProfile.CORE_MACHINE);
    assertThat(core.minWindow()).contains(Duration.ofHours(1));
    assertThat(core.maxWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(core.wallClockNotIdle()).isTrue();
    assertThat(core.changeableViaApiAfterCreate()).isFalse();
    assertThat(core.note()).contains("regardless of whether any users are connected", "Paperspace console");
    assertThat(profile.autoShutdownPolicies()).hasSize(3);
  }

  @Test
  void freeTier() {
    FreeTier tier = profile.freeTier().orElseThrow();
    assertThat(tier.maxRunningNotebooks()).isEqualTo(1);
    assertThat(tier.maxProjects()).isEqualTo(5);
    assertThat(tier.storageGb()).isEqualTo(5);
    assertThat(tier.notebooksPublicByDefault()).isTrue();
    assertThat(tier.queuedForCapacity()).isTrue();
    assertThat(String.join(" ", tier.notes())).contains("200 GB / 1 TB", "$0.29/GB/mo", "paid plan");
  }

  @Test
  void deprecations() {
    assertThat(profile.deprecations()).extracting(Deprecation::id).containsExactly(
        "legacy-gradient-api", "gradient-cli-v2", "gradient-python-name-collision", "pspace-recommended");
    assertThat(profile.deprecations().get(0).since()).contains(LocalDate.of(2024, 7, 15));
    assertThat(profile.deprecations().get(1).pin()).contains("gradient<3.0");
    assertThat(profile.deprecations().get(2).detail()).contains("name collision", "inference SDK");
    assertThat(profile.deprecations().get(3).subject()).contains("pspace");
    assertThat(profile.deprecations()).allMatch(d -> d.gotchaId().equals("PS4"));
  }

  @Test
  void scriptOverridesForBothFlavours() {
    ScriptOverrides notebook = profile.scriptOverrides(PaperspaceProfile.GRADIENT_NOTEBOOK);
    assertThat(notebook.value("DATA_DIR")).contains("/storage");
    assertThat(notebook.value("DURABLE_DIR")).contains("/storage");
    assertThat(notebook.value("SCRATCH")).contains("/tmp");
    assertThat(notebook.value("HF_HOME")).contains("/storage/.cache/huggingface");
    assertThat(notebook.value("PROXY_HOOK")).contains("");
    assertThat(notebook.value("CRED_FILE")).contains("");
    assertThat(notebook.value("DETACH")).contains("");
    assertThat(notebook.notes()).anyMatch(n -> n.contains("pip install --target /storage/pyenv"));
    ScriptOverrides core = profile.scriptOverrides(PaperspaceProfile.CORE);
    assertThat(core.value("DATA_DIR")).contains("/path/to/blockstore");
    assertThat(core.value("DURABLE_DIR")).contains("/path/to/blockstore/ckpts");
    assertThat(core.value("SCRATCH")).contains("/tmp");
    assertThat(core.value("HF_HOME")).contains("/path/to/blockstore/.cache/huggingface");
    assertThat(core.value("PROXY_HOOK")).contains("");
    assertThat(core.value("CRED_FILE")).contains("");
    assertThat(core.value("DETACH")).contains("tmux");
    assertThat(core.value("SSH_HOST")).contains("<machine-ip>");
  }

  @Test
  void ironLaw() {
    assertThat(profile.ironLaw()).contains("pulled to local AND verified by load", "explicitly approved",
        "irreversible");
  }

  @Test
  void everyGotchaPs1ToPs13IsCompleteAndInOrder() {
    List<String> ids = IntStream.rangeClosed(1, 13).mapToObj(i -> "PS" + i).toList();
    assertThat(profile.gotchas()).extracting(Gotcha::id).containsExactlyElementsOf(ids);
    for (Gotcha gotcha : profile.gotchas()) {
      assertThat(gotcha.title()).as(gotcha.id() + " title").isNotBlank();
      assertThat(gotcha.symptom()).as(gotcha.id() + " symptom").isNotBlank();
      assertThat(gotcha.rootCause()).as(gotcha.id() + " rootCause").isNotBlank();
      assertThat(gotcha.fix()).as(gotcha.id() + " fix").isNotBlank();
    }
  }

  @Test
  void gotchaFactsAndVerification() {
    assertThat(profile.gotcha("PS1").verifiedSource()).contains("DO pricing");
    assertThat(profile.gotcha("PS2").verifiedSource()).contains("DO manage-auto-shutdown");
    assertThat(profile.gotcha("PS2").verifiedDate()).contains(YearMonth.of(2026, 6));
    assertThat(profile.gotcha("PS2").rootCause()).contains("6 h", "12 h", "1 h-1 wk", "wall-clock");
    assertThat(profile.gotcha("PS3").rootCause()).contains("/usr/local/lib");
    assertThat(profile.gotcha("PS4").rootCause()).contains("15 Jul 2024");
    assertThat(profile.gotcha("PS5").verifiedSource()).isEmpty();
    assertThat(profile.gotcha("PS6").fix()).contains("Static IP", "$3/mo");
    assertThat(profile.gotcha("PS8").rootCause()).contains("1 concurrent running notebook", "<=5 projects", "5 GB");
    assertThat(profile.gotcha("PS9").rootCause()).contains("$0.29/GB/mo");
    assertThat(profile.gotcha("PS10").rootCause()).contains("5 GB", "200 GB / 1 TB");
    assertThat(profile.gotcha("PS11").symptom()).contains("too old", "no kernel image is available");
    assertThat(profile.gotcha("PS11").verifiedSource()).contains("github.com/Paperspace/ml-in-a-box issue #13");
    assertThat(profile.gotcha("PS12").fix()).contains("@sha256:");
    assertThat(profile.gotcha("PS13").diagnostics()).hasSize(6)
        .anyMatch(d -> d.contains("du -sch")).anyMatch(d -> d.contains("dmesg | grep -iE"));
  }

  @Test
  void dangerClocksAndBillableMapping() {
    assertThat(profile.dangerClocks()).hasSize(3);
    assertThat(profile.dangerClocks().get(0).deadline()).contains(Duration.ofHours(6));
    assertThat(profile.dangerClocks().get(0).gotchaIds()).containsExactly("PS2");
    assertThat(profile.dangerClocks().get(1).gotchaIds()).containsExactly("PS1", "PS9");
    assertThat(profile.dangerClocks().get(2).warning()).contains("15 Jul 2024", "gradient<3.0");
    assertThat(profile.gotchaIdFor(BillableKind.PUBLIC_IP)).contains("PS1");
    assertThat(profile.gotchaIdFor(BillableKind.BLOCK_STORAGE)).contains("PS1");
    assertThat(profile.gotchaIdFor(BillableKind.SHARED_STORAGE)).contains("PS1");
    assertThat(profile.gotchaIdFor(BillableKind.MACHINE)).contains("PS1");
    assertThat(profile.gotchaIdFor(BillableKind.SNAPSHOT)).contains("PS9");
    assertThat(profile.gotchaIdFor(BillableKind.CUSTOM_TEMPLATE)).isEqualTo(Optional.empty());
  }

  /** The gotchas core and ssh cite on Paperspace come from here, not from constants of theirs. */
  @Test
  void hazardsMapToTheGotchasCoreAndSshCite() {
    assertThat(profile.gotchaIdFor(Hazard.AUTO_SHUTDOWN)).contains("PS2");
    assertThat(profile.gotchaIdFor(Hazard.ADDRESS_CHANGES)).contains("PS6");
    assertThat(profile.hasAutoShutdown()).isTrue();
  }

  @Test
  void narrativeFactsAreKept() {
    assertThat(profile.notes()).anyMatch(n -> n.text().contains("Ubuntu 22.04 is required for H100"))
        .anyMatch(n -> n.text().contains("cannot add a dynamic IP to an existing machine"))
        .anyMatch(n -> n.text().contains("nohup <cmd> </dev/null >log 2>&1 &"))
        .anyMatch(n -> n.text().contains("ssh -L 8888:localhost:8888 -L 6006:localhost:6006"));
  }
}
