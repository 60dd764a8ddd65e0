package dev.remotegpu.paperspace.profile;

import static dev.remotegpu.paperspace.profile.PaperspaceProfile.CORE;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.CORE_MACHINE;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_FREE_NOTEBOOK;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_NOTEBOOK;
import static dev.remotegpu.paperspace.profile.PaperspaceProfile.GRADIENT_PAID_NOTEBOOK;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.profile.AutoShutdownPolicy;
import dev.remotegpu.core.profile.Billing;
import dev.remotegpu.core.profile.BillingRule;
import dev.remotegpu.core.profile.CostExample;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.Deprecation;
import dev.remotegpu.core.profile.FreeTier;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.Hazard;
import dev.remotegpu.core.profile.LifecycleEvent;
import dev.remotegpu.core.profile.PlatformFacts;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.ProfileNote;
import dev.remotegpu.core.profile.ScriptOverrides;
import dev.remotegpu.core.profile.ScriptVariable;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.core.profile.SizeRange;
import dev.remotegpu.core.profile.StorageTier;
import dev.remotegpu.core.profile.SurvivalCell;
import dev.remotegpu.core.profile.SurvivalMatrix;
import dev.remotegpu.core.profile.TemplateRequirement;
import dev.remotegpu.paperspace.profile.internal.LuceneGotchaSearch;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Paperspace fact, in the order of the seed {@code shared/seeds/paperspace.md} (front matter,
 * 1 launch, 2 storage, 3 network, 4 auto-shutdown, 5 billing, 6 daemon, 7 gotchas, 8 script overrides).
 * This is the one place to audit against the seed; nothing here is computed.
 */
final class PaperspaceProfileData {

  private static final YearMonth VERIFIED = YearMonth.of(2026, 6);
  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final Duration ONE_WEEK = Duration.ofDays(7);

  private PaperspaceProfileData() {
  }

  static PlatformProfile profile() {
    List<Gotcha> gotchas = gotchas();
    return new DataBackedProfile(
        "paperspace",
        facts(),
        List.of(GRADIENT_NOTEBOOK, CORE),
        List.of(GRADIENT_FREE_NOTEBOOK, GRADIENT_PAID_NOTEBOOK, CORE_MACHINE),
        survival(),
        billing(),
        autoShutdown(),
        Optional.of(freeTier()),
        templateRequirements(),
        deprecations(),
        scriptOverrides(),
        IRON_LAW,
        gotchas,
        dangerClocks(),
        notes(),
        Map.of(
            BillableKind.PUBLIC_IP, "PS1",
            BillableKind.DYNAMIC_PUBLIC_IP, "PS6",
            BillableKind.BLOCK_STORAGE, "PS1",
            BillableKind.SHARED_STORAGE, "PS1",
            BillableKind.MACHINE, "PS1",
            BillableKind.SNAPSHOT, "PS9"),
        Map.of(
            Hazard.AUTO_SHUTDOWN, "PS2",
            Hazard.ADDRESS_CHANGES, "PS6"),
        LuceneGotchaSearch.of(gotchas));
  }

  // ---- front matter -------------------------------------------------------------------------------

  static PlatformFacts facts() {
    return new PlatformFacts(
        "cloud-api",
        "shut-down",
        false,
        "tmux",
        false,
        Optional.empty(),
        true,
        Optional.empty(),
        true,
        false,
        "host-dependent",
        "host-dependent",
        Map.ofEntries(
            Map.entry("platform", "Paperspace (now under DigitalOcean): Gradient Notebooks + Core/Machines"),
            Map.entry("kind", "web console + pspace/gradient CLI/SDK + REST; Core machines also reachable by SSH"),
            Map.entry("meterStopVerb", "shut-down/power-off stops COMPUTE; only destroy/delete stops storage + IP"),
            Map.entry("meterStopIrreversible",
                "a stop is reversible; destroy/delete IS irreversible (loses block storage)"),
            Map.entry("detachPrimitive", "on Core VMs; Notebooks have no clean SSH-daemon story (Jupyter kernel"
                + " + hard auto-shutdown ceiling)"),
            Map.entry("spotAvailable", "no AWS-style spot/preemptible with a 2-min warning"),
            Map.entry("spotGrace", "n/a: interruption is capacity-at-launch + a deterministic auto-shutdown"
                + " clock, not eviction"),
            Map.entry("sharedFs", "Gradient /storage is team-shared per storage region/cluster"),
            Map.entry("inodeCap", "none: no documented inode cap on either /storage or Core block storage"),
            Map.entry("freeEgress", "no documented ingress/egress fee"),
            Map.entry("chinaMirrorNeeded", "US/global cloud, direct egress; no platform-provided proxy"),
            Map.entry("hostDriverCudaMax", "ML-in-a-Box / template ships the CUDA+driver stack (often lagging)"),
            Map.entry("localNvme", "ephemeral workspace on Notebooks; block storage on Core")));
  }

  // ---- 1. launch: which template each machine type needs ------------------------------------------

  static final String UBUNTU_SOURCE = "github.com/Paperspace/ml-in-a-box README + DigitalOcean machines docs, 2026-06";

  static List<TemplateRequirement> templateRequirements() {
    return List.of(
        new TemplateRequirement(List.of("H100"), "Ubuntu 22.04", TemplateRequirement.Level.REQUIRED, UBUNTU_SOURCE),
        new TemplateRequirement(List.of("A100"), "Ubuntu 22.04", TemplateRequirement.Level.RECOMMENDED,
            UBUNTU_SOURCE),
        new TemplateRequirement(List.of(), "Ubuntu 20.04", TemplateRequirement.Level.RECOMMENDED, UBUNTU_SOURCE));
  }

  // ---- 2. storage model ---------------------------------------------------------------------------

  static SurvivalMatrix survival() {
    List<StorageTier> tiers = List.of(
        new StorageTier("notebook-storage", "Notebook shared persistent", GRADIENT_NOTEBOOK,
            List.of("/storage"), false, "/storage", true, Optional.empty(),
            "team-shared per region/cluster; billed until deleted; a separate branch from /, not nested"
                + " with /notebooks; never write secrets here"),
        new StorageTier("notebook-notebooks", "Notebook per-notebook", GRADIENT_NOTEBOOK,
            List.of("/notebooks"), false, "/notebooks", false, Optional.empty(),
            "per-notebook persistent; console File Manager"),
        new StorageTier("notebook-workspace", "Notebook workspace", GRADIENT_NOTEBOOK,
            List.of("/usr/local/lib"), true, "everything else (incl. /usr/local/lib)", false, Optional.empty(),
            "ephemeral; wiped on stop; pip lands here"),
        new StorageTier("core-block-storage", "Core block storage", CORE,
            List.of(), true, "machine root + block vol", false, Optional.of(new SizeRange(50, 2000, true)),
            "50 GB-2 TB; expansion irreversible; region-locked (storage and custom templates must be used"
                + " in the same datacenter)"),
        new StorageTier("core-snapshot", "Core snapshot", CORE,
            List.of(), false, "(separate resource)", false, Optional.empty(),
            "$0.29/GB/mo; default policy Never/0; survives machine destroy"));
    List<SurvivalCell> cells = List.of(
        new SurvivalCell("notebook-storage", LifecycleEvent.STOP, true, "survives stop"),
        new SurvivalCell("notebook-storage", LifecycleEvent.DESTROY, true,
            "separate resource: survives deleting the notebook"),
        new SurvivalCell("notebook-notebooks", LifecycleEvent.STOP, true, "survives stop"),
        new SurvivalCell("notebook-notebooks", LifecycleEvent.DESTROY, false, "dies with the notebook"),
        new SurvivalCell("notebook-workspace", LifecycleEvent.STOP, false, "wiped on stop"),
        new SurvivalCell("notebook-workspace", LifecycleEvent.DESTROY, false, "wiped"),
        new SurvivalCell("core-block-storage", LifecycleEvent.STOP, true, "persists across a stop"),
        new SurvivalCell("core-block-storage", LifecycleEvent.DESTROY, false,
            "a destroy wipes it (no recovery): pull checkpoints to local before destroy (Iron Law)"),
        new SurvivalCell("core-snapshot", LifecycleEvent.STOP, true, "separate resource"),
        new SurvivalCell("core-snapshot", LifecycleEvent.DESTROY, true,
            "survives machine destroy and orphan-bills until deleted (PS9)"));
    return new SurvivalMatrix(tiers, cells);
  }

  // ---- 4. auto-shutdown ---------------------------------------------------------------------------

  static List<AutoShutdownPolicy> autoShutdown() {
    return List.of(
        new AutoShutdownPolicy(GRADIENT_FREE_NOTEBOOK, Optional.empty(), Optional.empty(), Duration.ofHours(6),
            true, true, false,
            "free notebooks hard-stop at a 6-hour maximum auto-shutdown (cannot be raised); the timer is a"
                + " hard ceiling: a tmux session inside a notebook still dies at the timeout"),
        new AutoShutdownPolicy(GRADIENT_PAID_NOTEBOOK, Optional.of(Duration.ofHours(12)), Optional.of(ONE_HOUR),
            ONE_WEEK, false, true, false,
            "paid notebooks default to 12 h, range 1 h-1 week; a hard ceiling: a tmux session inside a"
                + " notebook still dies at the timeout. The seed documents the API restriction for Core only;"
                + " treated as fixed after create here too"),
        new AutoShutdownPolicy(CORE_MACHINE, Optional.empty(), Optional.of(ONE_HOUR), ONE_WEEK, false, true, false,
            "configurable 1 h-1 week. Linux machines shut down regardless of whether any users are connected"
                + " (only Windows waits for idle): an active SSH/tmux session does not keep it alive. Cannot be"
                + " enabled/disabled via API or CLI on an existing machine: you can only manage the"
                + " auto-shutdown feature via the Paperspace console; set it deliberately at create time"
                + " (verified DO machines/how-to/manage-auto-shutdown 2026-06)"));
  }

  // ---- 5. teardown / billing ----------------------------------------------------------------------

  static Billing billing() {
    Money storagePerGbMonth = Money.usd("0.29");
    List<BillingRule> rules = List.of(
        new BillingRule("compute", "Machine compute (GPU)", Optional.of(BillableKind.MACHINE), true, false, false,
            "shut-down/power-off (reversible)", Optional.empty(), Optional.empty(), false, List.of(),
            "a shut-down/power-off STOPS the compute (GPU) meter while the disk persists"),
        new BillingRule("block-storage", "Core block storage", Optional.of(BillableKind.BLOCK_STORAGE), true, true,
            false, "destroy the machine (irreversible)", Optional.empty(), Optional.empty(), true,
            List.of(new CostExample("a forgotten 2 TB block volume, until destroyed", Money.usd("120"))),
            "50 GB-2 TB; keeps charging while the machine is off; destroy removes it with no recovery;"
                + " expansion is one-way"),
        new BillingRule("notebook-storage", "Gradient /storage over the plan allowance",
            Optional.of(BillableKind.SHARED_STORAGE), true, true, true, "delete the storage",
            Optional.empty(), Optional.of(storagePerGbMonth), true, List.of(),
            "overage $0.29/GB/mo; keeps charging while the notebook is off; billed until deleted"),
        new BillingRule("static-public-ip", "Static public IP", Optional.of(BillableKind.PUBLIC_IP), true, true, true,
            "release the static IP (e.g. pspace public-ip release <ip>)",
            Optional.of(Rate.hourlyCapped(Money.usd("0.0045"), Money.usd("3.00"))), Optional.empty(), true,
            List.of(new CostExample("a forgotten static IP, a bounded bleed", Money.usd("3.00"))),
            "the same IP every time the machine powers on; remains in your account until you delete it; billed"
                + " until deleted, including while the machine is powered off"),
        new BillingRule("dynamic-public-ip", "Dynamic public IP", Optional.of(BillableKind.DYNAMIC_PUBLIC_IP), true,
            false, false, "power-off (released automatically)", Optional.empty(), Optional.empty(), true, List.of(),
            "assigned when a machine powers on and deleted when it powers off; charged only while the machine"
                + " runs (no idle IP cost)"),
        new BillingRule("snapshot", "Core snapshot", Optional.of(BillableKind.SNAPSHOT), true, true, true,
            "delete the snapshot", Optional.empty(), Optional.of(storagePerGbMonth), true, List.of(),
            "a separate billed resource that survives a machine destroy; default policy Never/0 stored (bills"
                + " only if manually enabled); a manually enabled policy (daily by default, up to 10 stored)"
                + " silently accrues"),
        new BillingRule("add-ons", "Other add-ons", Optional.empty(), true, true, false,
            "destroy the add-on", Optional.empty(), Optional.empty(), true, List.of(),
            "attached storage, public IP addresses, and other add-ons continue to be billed on an hourly"
                + " basis until you destroy those resources"));
    return new Billing(
        "per hour",
        "When a Paperspace machine is powered off, attached storage, public IP addresses, and other add-ons"
            + " continue to be billed on an hourly basis until you destroy those resources.",
        true,
        "non-GPU resources (storage, public IP, snapshots) have a maximum monthly charge: once a non-GPU"
            + " resource reaches its monthly maximum, it no longer incurs charges for the rest of the billing cycle",
        List.of("destroy the machine", "release the static IP", "delete the storage", "delete any snapshot"),
        List.of("destroy/delete of a machine (removes its block storage, no recovery)",
            "block-storage expansion (one-way)"),
        List.of("shut-down (resume later)"),
        rules,
        "Stopped is not free: storage + IP + snapshots keep billing until each is explicitly destroyed/released."
            + " To stop all charges for a machine and its add-ons, destroy the machine and any resources you no"
            + " longer need.");
  }

  static final String IRON_LAW = "NO destroy/delete of the machine, release of the IP, or deletion of"
      + " /storage/block-storage/snapshot until checkpoints are pulled to local AND verified by load, and the"
      + " user has explicitly approved the specific cost-affecting action. A destroy is irreversible: \"it"
      + " looked done in the log\" is not evidence.";

  // ---- free tier (PS7, PS8, PS10) -----------------------------------------------------------------

  static FreeTier freeTier() {
    return new FreeTier(1, 5, 5, true, true, List.of(
        "private notebooks require a paid plan",
        "free machines are pooled: a pending notebook is queued for the next free machine",
        "a paid instance type skips the free queue",
        "paid plans include more /storage, e.g. 200 GB / 1 TB tiers; overage is $0.29/GB/mo"));
  }

  // ---- 1. the three-CLI mess ----------------------------------------------------------------------

  static List<Deprecation> deprecations() {
    return List.of(
        new Deprecation("legacy-gradient-api", "legacy Gradient REST API endpoints",
            Optional.of(LocalDate.of(2024, 7, 15)), "deprecated 15 Jul 2024: stale calls 404 or no-op",
            "use the pspace CLI for new work", Optional.empty(), "PS4"),
        new Deprecation("gradient-cli-v2", "gradient-cli v2 (pip package gradient < 3.0)", Optional.empty(),
            "deprecated", "pin pip install \"gradient<3.0\" only to keep old scripts alive",
            Optional.of("gradient<3.0"), "PS4"),
        new Deprecation("gradient-python-name-collision", "gradient-python (pip package gradient >= 3)",
            Optional.empty(), "github.com/digitalocean/gradient-python is NOT the orchestration CLI: it is the new"
                + " DigitalOcean Gradient AI / GenAI inference SDK (a name collision)",
            "do not install it expecting notebook/machine control", Optional.empty(), "PS4"),
        new Deprecation("pspace-recommended", "pspace CLI (github.com/Paperspace/cli)", Optional.empty(),
            "the recommended tool for new work; releases ongoing into 2026 (e.g. pspace public-ip release <ip>)",
            "pin and verify the CLI binary + version in any automation; do not assume gradient/pspace command"
                + " parity", Optional.empty(), "PS4"));
  }

  // ---- 8. script overrides ------------------------------------------------------------------------

  static List<ScriptOverrides> scriptOverrides() {
    String credComment = "Paperspace keys are Gradient secrets / env vars, not files: WANDB_API_KEY/HF_TOKEN arrive"
        + " via the secret/env (run_one's [ -n \"$CRED_FILE\" ] guard skips the file read)";
    return List.of(
        new ScriptOverrides(GRADIENT_NOTEBOOK, List.of(
            new ScriptVariable("DATA_DIR", "/storage", "team-shared persistent; survives stop AND notebook delete"),
            new ScriptVariable("DURABLE_DIR", "/storage",
                "checkpoints land here (NOT /notebooks: dies with the notebook)"),
            new ScriptVariable("SCRATCH", "/tmp", "ephemeral workspace; wiped on stop; never the only copy"),
            new ScriptVariable("HF_HOME", "/storage/.cache/huggingface",
                "redirect cache off ephemeral workspace (watch the 5 GB free cap, PS10)"),
            new ScriptVariable("PROXY_HOOK", "", "none: direct egress (no network_turbo)"),
            new ScriptVariable("CRED_FILE", "", credComment + "; never write keys to /storage (team-shared)"),
            new ScriptVariable("DETACH", "", "no clean tmux; Jupyter kernel + hard 6h/12h auto-shutdown ceiling")),
            List.of("pip into /storage to persist: pip install --target /storage/pyenv && export"
                + " PYTHONPATH=/storage/pyenv (PS3)", SECRETS_REMINDER)),
        new ScriptOverrides(CORE, List.of(
            new ScriptVariable("DATA_DIR", "/path/to/blockstore", "placeholder: the attached block disk mount"),
            new ScriptVariable("DURABLE_DIR", "/path/to/blockstore/ckpts", ""),
            new ScriptVariable("SCRATCH", "/tmp", ""),
            new ScriptVariable("HF_HOME", "/path/to/blockstore/.cache/huggingface", ""),
            new ScriptVariable("PROXY_HOOK", "", "none"),
            new ScriptVariable("CRED_FILE", "", credComment + "; inject at launch, never inline"),
            new ScriptVariable("DETACH", "tmux", "survives SSH drop, NOT a machine stop, and NOT the wall-clock"
                + " auto-shutdown: rely on checkpoint+resume"),
            new ScriptVariable("SSH_HOST", "<machine-ip>", "placeholder: ML-in-a-Box user is paperspace; pin a"
                + " Static IP for a stable alias (PS6); dynamic IP changes every start")),
            List.of("Core is preferred for daemonized training", SECRETS_REMINDER)));
  }

  static final String SECRETS_REMINDER = "secrets referenced by env-var NAME or Gradient secret only: never inline"
      + " a key, and never write one onto the team-shared /storage";

  // ---- surface to the user up front ---------------------------------------------------------------

  static List<DangerClock> dangerClocks() {
    return List.of(
        new DangerClock("Auto-shutdown ends every run", Severity.CRITICAL,
            "an auto-shutdown timer ends every Notebook/Core run: set it consciously; Gradient free notebooks"
                + " hard-cap at 6 h, paid notebooks default to 12 h, Core 1 h-1 week (wall-clock, not idle)",
            Optional.of(Duration.ofHours(6)), List.of("PS2")),
        new DangerClock("Orphan bleed after destroy", Severity.CRITICAL,
            "a destroy removes the machine's own block storage, but snapshots and Gradient /storage are separate"
                + " resources that survive it and a static public IP remains in your account: each keeps billing"
                + " until deleted or released; while a machine is only stopped, its storage, public IPs and add-ons"
                + " keep billing too: audit and delete each",
            Optional.empty(), List.of("PS1", "PS9")),
        new DangerClock("Gradient CLI/API deprecated", Severity.WARNING,
            "the Gradient CLI/API was deprecated 15 Jul 2024: pin gradient<3.0 for old scripts, use pspace for"
                + " new work (the three-CLI mess)",
            Optional.empty(), List.of("PS4")));
  }

  // ---- 1, 3, 6: facts without a typed home --------------------------------------------------------

  static List<ProfileNote> notes() {
    return List.of(
        new ProfileNote("launch", "Gradient", "the managed layer: Notebooks are a web Jupyter IDE on a shared"
            + " persistent store; Deployments serve a container behind a REST endpoint (bring a Docker image"
            + " <user>/img:tag); Workflows run GPU-backed DAG automation. Entry: web console, the CLI/SDK, or REST"),
        new ProfileNote("launch", "Core / Machines", "raw Linux/Windows VMs with a persistent block disk, full"
            + " root/SSH; maps cleanly onto the tmux-resilient-training pattern"),
        new ProfileNote("launch", "ML-in-a-Box", "OS template with preinstalled CUDA + PyTorch/TensorFlow/RAPIDS/"
            + "Jupyter; terminal/SSH-only, home /home/paperspace, shell /bin/bash, default user paperspace"),
        new ProfileNote("launch", "Ubuntu version", "Ubuntu 22.04 is required for H100 and recommended for A100;"
            + " Ubuntu 20.04 is recommended for any other machine type (verified github.com/Paperspace/ml-in-a-box"
            + " README + DO machines docs 2026-06)"),
        new ProfileNote("launch", "env contract", "the chosen image/template IS the Python env: do NOT conda"
            + " create on a rental; on Core run inside ML-in-a-Box directly; on Gradient Deployments the env is"
            + " the Docker image specified at create time; the durable analog of the env is a Docker image plus a"
            + " requirements.txt/lock file kept off-box, so a recreate reproduces it"),
        new ProfileNote("launch", "pip on Notebooks", "a plain pip install does NOT survive a restart (writes to"
            + " /usr/local/lib, ephemeral), PS3"),
        new ProfileNote("launch", "verify", "ssh <core-alias> 'python -c \"import torch;print("
            + "torch.cuda.is_available())\"' on Core, or a print(torch.cuda.is_available()) cell in a Notebook"),
        new ProfileNote("storage", "stop keeps disk", "a stop/shut-down keeps the disk; only destroy/delete"
            + " removes storage"),
        new ProfileNote("storage", "checkpoint target", "on Notebooks mount checkpoints to /storage (cross-stop,"
            + " cross-delete-of-the-notebook); /notebooks dies if the notebook itself is deleted. On Core the block"
            + " disk survives a stop, but a destroy wipes it, so the Iron-Law pull-to-local before destroy still"
            + " applies"),
        new ProfileNote("storage", "inodes", "no documented inode cap on either tier; still monitor df -i"),
        new ProfileNote("network", "egress", "direct and unproxied to HF/GitHub/PyPI; no network_turbo-style"
            + " accelerator and no documented egress fee; China-mirror relevance is N/A as a platform feature"),
        new ProfileNote("network", "static public IP", "the same IP address every time it powers on; remains in"
            + " your account until you delete it; billed until deleted, including while the machine is powered off;"
            + " API/CLI can create/release a static IP (verified DO machines/how-to/manage-public-ips 2026-06)"),
        new ProfileNote("network", "dynamic public IP", "assigned automatically when a machine powers on and"
            + " deleted when it powers off; a new IP on every start, so a hard-coded SSH alias breaks after a"
            + " restart; charged only while the machine runs; API/CLI cannot add a dynamic IP to an existing"
            + " machine: request it at machine-creation time"),
        new ProfileNote("network", "no public IP", "a machine with no public IP is internet-isolated (and avoids"
            + " the IP charge); private networks give team-isolated pools"),
        new ProfileNote("network", "ports", "firewall is self-managed: open ports to expose services; tunnel"
            + " Jupyter (8888) / TensorBoard (6006) over SSH on Core: ssh -L 8888:localhost:8888 -L"
            + " 6006:localhost:6006 paperspace@<machine-ip>; in a Gradient Notebook launch TensorBoard in-Jupyter"
            + " and write logs under /storage (or they vanish on stop)"),
        new ProfileNote("network", "SSH flavour", "Core = a standard Linux VM: full ssh/scp/rsync (ML-in-a-Box"
            + " default user paperspace). Gradient Notebooks expose a Jupyter sandbox, not a clean persistent SSH"
            + " daemon: no stable SSH-daemon story for a multi-day unattended run on a Notebook"),
        new ProfileNote("interruption", "capacity at launch", "the desired GPU type may be unavailable when"
            + " launching; on free notebooks this surfaces as \"out of capacity\" / the notebook sits \"pending\" in"
            + " queue for the next free machine: build retry-launch-until-available logic, not a 2-minute-grace"
            + " flush handler; a paid instance type bypasses the free queue"),
        new ProfileNote("interruption", "resume hook", "checkpoint full state to /storage (Notebooks) or the block"
            + " disk (Core) before the auto-shutdown window, then restart and load-latest-on-startup"
            + " unconditionally; the clock is known in advance, so cadence can be planned"),
        new ProfileNote("daemon", "Core machines", "tmux/screen/nohup all available; tmux survives an SSH drop;"
            + " it does NOT survive a machine stop/restart, and a live tmux session does not defer the wall-clock"
            + " auto-shutdown; durability rests on checkpoint-to-disk + load-latest"),
        new ProfileNote("daemon", "Gradient Notebooks", "a managed Jupyter sandbox: no clean persistent SSH-daemon"
            + " story; the auto-shutdown timer is a hard ceiling; not built for unattended multi-day daemons"),
        new ProfileNote("daemon", "long-job mechanisms", "Workflows (DAG automation) and Deployments (always-on"
            + " serving); for training-as-a-daemon prefer Core + tmux; treat Notebooks as interactive/short-run"
            + " only"),
        new ProfileNote("daemon", "fallback", "if tmux is absent on a minimal image: nohup <cmd> </dev/null >log"
            + " 2>&1 &"),
        new ProfileNote("script overrides", "secrets", SECRETS_REMINDER));
  }

  // ---- 7. top gotchas -----------------------------------------------------------------------------

  static List<Gotcha> gotchas() {
    return List.of(
        gotcha("PS1", "Stopped the machine, still getting billed.",
            "GPU meter halted but the bill keeps climbing while the box is off.",
            "shut-down stops only the compute meter; attached storage + public IP + add-ons + snapshots bill"
                + " hourly until destroyed/released.",
            "to truly stop the meter, destroy the machine, release the Static IP, delete the storage and any"
                + " snapshot: separate teardown actions. Audit for orphaned storage/IPs/snapshots after every stop.",
            List.of(), "DO pricing",
            List.of("stopped", "shut down", "powered off", "still billed", "charged", "charges", "bill", "cost",
                "money", "meter", "orphan", "static ip", "storage", "add-ons"),
            List.of("PS6", "PS9")),
        gotcha("PS2", "A long run dies at a round-number wall-clock with no error.",
            "training vanishes at exactly 6 h / 12 h (or the configured Core window); no traceback.",
            "the auto-shutdown clock, not a crash: free notebooks 6 h (hard cap), paid notebooks 12 h default,"
                + " Core 1 h-1 wk. On Core/Linux the clock is wall-clock, not idle: an active SSH/tmux session does"
                + " NOT extend it.",
            "checkpoint to /storage (Notebooks) or the block disk (Core) before the window; for Core, raise the"
                + " auto-shutdown to the longest needed in the console (API/CLI cannot change it post-create);"
                + " restart + load-latest to resume.",
            List.of(), "DO manage-auto-shutdown",
            List.of("killed", "vanished", "died", "disappeared", "stopped", "terminated", "auto-shutdown", "shutdown",
                "timeout", "6h", "12h", "hours", "wall-clock", "round-number", "no error", "no traceback"),
            List.of("PS13")),
        gotcha("PS3", "pip install (or any non-/storage write) vanishes after a Notebook restart.",
            "packages installed in-session are gone next session; \"saved\" files disappear after stop/restart.",
            "pip writes to /usr/local/lib, which is ephemeral workspace: only /storage and /notebooks persist."
                + " \"Machines are snapshots, not servers,\" so in-session installs do not persist.",
            "install into a persisted dir: pip install --user (lands in the home dir under a persisted tree) or"
                + " pip install --target /storage/pyenv && export PYTHONPATH=/storage/pyenv; write all"
                + " checkpoints/logs/outputs under /storage; verify they landed (ls/checksum) before stop.",
            List.of("df -h /storage /notebooks: confirm the target is one of those two mounts"),
            "fast.ai forum + DO storage-architecture",
            List.of("pip", "install", "packages", "lost", "gone", "files", "missing", "restart", "ephemeral",
                "persist", "notebook"),
            List.of("PS13")),
        gotcha("PS4", "Automation 404s / silently no-ops / installs the wrong SDK.",
            "a gradient-era create/stop call fails or does nothing; or pip install gradient (v3+) imports an"
                + " inference SDK with no notebook/machine commands.",
            "legacy Gradient REST endpoints deprecated 15 Jul 2024; gradient-cli v2 deprecated; gradient-python v3"
                + " is the DigitalOcean Gradient AI inference SDK (a name collision), not the orchestration CLI.",
            "for new work use the pspace CLI (github.com/Paperspace/cli); to keep old scripts alive pin"
                + " pip install \"gradient<3.0\". Pin and verify the CLI binary + version in any automation.",
            List.of(), "github.com/Paperspace/gradient-cli + digitalocean/gradient-python",
            List.of("404", "no-op", "cli", "sdk", "gradient", "pspace", "deprecated", "api", "wrong package",
                "automation"),
            List.of()),
        gotcha("PS5", "Custom template / storage / volume \"not found\" in a different datacenter.",
            "a saved template or block volume is unavailable when launching elsewhere; block-storage resize can't"
                + " be undone.",
            "storage and templates are region/DC-locked, and block-storage expansion is irreversible (one-way"
                + " filesystem grow).",
            "pick the datacenter deliberately and keep storage+compute+template co-located; size block storage"
                + " with headroom up-front (cannot shrink).",
            List.of(), null,
            List.of("not found", "region", "datacenter", "template", "volume", "resize", "shrink", "expand"),
            List.of()),
        gotcha("PS6", "SSH alias breaks after every restart.",
            "the saved ssh host no longer connects after a machine restart.",
            "a Dynamic public IP is released on power-off and reassigned on start (new IP each time).",
            "attach a Static IP for stable SSH/endpoint addressing (it bills until deleted, capped $3/mo: PS1), or"
                + " re-resolve the address on each start before scripting. Note: API/CLI can manage a static IP but"
                + " cannot add a dynamic one to an existing machine (request dynamic at create time).",
            List.of(), "DO machines/how-to/manage-public-ips",
            List.of("ssh", "alias", "host", "ip", "address", "connect", "connection refused", "restart", "dynamic"),
            List.of("PS1")),
        gotcha("PS7", "Free-tier notebook code is PUBLIC by default.",
            "proprietary/confidential code is world-readable in a Gradient free notebook.",
            "free Gradient notebooks are public by default; private notebooks require a paid plan.",
            "never put confidential code or any secret in a free notebook; upgrade to a paid plan for private"
                + " notebooks. Treat the free tier as a public scratchpad.",
            List.of(), "Paperspace blog / pricing",
            List.of("public", "private", "confidential", "secret", "leak", "visible", "free"),
            List.of()),
        gotcha("PS8", "Free notebook won't start / sits \"pending.\"",
            "a free-GPU notebook stays pending or errors \"out of capacity\"; only one notebook will run.",
            "free tier = 1 concurrent running notebook, <=5 projects, 5 GB /storage, and free machines are pooled:"
                + " a pending notebook is queued for the next free machine.",
            "expect queueing on free; stop the other free notebook (only one runs); for assured access use a paid"
                + " instance type, which skips the free queue.",
            List.of(), "Paperspace free-instances docs + blog",
            List.of("pending", "queued", "capacity", "won't start", "start", "free", "second notebook"),
            List.of("PS10")),
        gotcha("PS9", "A destroyed machine keeps billing via a leftover snapshot.",
            "machine destroyed, yet a small monthly charge persists.",
            "snapshots are a separate resource that survives a machine destroy and bills at $0.29/GB/mo until"
                + " deleted; auto-snapshot defaults to \"Never\"/0 but a manually-enabled policy (daily by default,"
                + " up to 10 stored) silently accrues.",
            "when tearing down, delete the snapshot too (console or CLI); audit the snapshots list after every"
                + " machine destroy. Capped per-resource by the monthly maximum but still a bleed.",
            List.of(), "DO pricing + blog/automated-snapshots",
            List.of("snapshot", "destroyed", "charge", "billed", "monthly", "orphan", "leftover"),
            List.of("PS1")),
        gotcha("PS10", "Notebook upload/import fails on the 5 GB free cap.",
            "uploading a multi-GB dataset to /storage fails for an unpaid account.",
            "free /storage allowance is 5 GB; overage is $0.29/GB/mo (paid plans include more: e.g. 200 GB / 1 TB"
                + " tiers).",
            "stream/stage the dataset rather than uploading the whole thing, prune aggressively, or upgrade the"
                + " plan; redirect HF/torch caches off /storage if they would push over the allowance.",
            List.of("du -sch .[!.]* * | sort -h (the platform's own recommended command; ncdu for an interactive"
                + " view); df -h AND df -i"),
            "Paperspace pricing + fast.ai forum",
            List.of("upload", "dataset", "quota", "full", "space", "5gb", "storage", "cap", "disk"),
            List.of("PS8")),
        gotcha("PS11", "ML-in-a-Box CUDA/driver too old for current PyTorch on a new-arch GPU.",
            "The NVIDIA driver on your system is too old (found version 110xx). Please update your GPU driver, or"
                + " no kernel image is available for execution on a fresh card.",
            "the template's host driver/CUDA stack lags newer PyTorch wheels; on a rental the host driver is"
                + " host-global and a tenant usually cannot upgrade it. The platform-pinned face of the universal"
                + " CUDA triangle (U28).",
            "install a torch build matching the box's CUDA (do not force-upgrade the host driver on a rental); pick"
                + " a template whose Ubuntu/driver matches the GPU (22.04 for H100/A100).",
            List.of("nvidia-smi (driver/CUDA version) then python -c \"import torch;print(torch.__version__,"
                + " torch.version.cuda, torch.cuda.is_available())\": a mismatch is PS11/U28, not a code bug"),
            "github.com/Paperspace/ml-in-a-box issue #13",
            List.of("driver", "cuda", "too old", "kernel image", "torch", "pytorch", "nvidia", "gpu", "version"),
            List.of("PS13")),
        gotcha("PS12", "Gradient Deployment / custom image won't pull or drifts.",
            "a Deployment fails to pull <user>/img:tag, or \"the same image\" behaves differently over time.",
            "a moving tag (:latest) resolves to a different layer set; private-registry creds missing.",
            "pin the image by digest (@sha256:) and supply registry creds as a Gradient secret, not inline."
                + " General form: U30.",
            List.of(), null,
            List.of("image", "docker", "pull", "tag", "latest", "digest", "drift", "registry", "deployment"),
            List.of()),
        gotcha("PS13", "Platform-specific debugging: why did the run vanish, is a write durable, what eats /storage.",
            "a run vanished, a write was lost, /storage is full, a download stalls or a bill is unexplained, and"
                + " the cause is not yet known.",
            "the causes differ in kind: an OOM kill (dmesg shows killed process / out of memory), the auto-shutdown"
                + " (recent reboot in uptime with a clean dmesg, PS2), a GPU/driver/torch mismatch (PS11), a write to"
                + " ephemeral workspace (PS3), or orphaned billables (PS1/PS9); Core uses standard Linux tooling, the"
                + " Notebook-only items are the platform delta.",
            "walk the ladder: dmesg | grep -iE 'killed process|out of memory' (OOM?), uptime (recent reboot ="
                + " auto-shutdown fired, PS2), nvidia-smi (GPU idle = died, not hung); a round-number uptime near the"
                + " window with a clean dmesg means auto-shutdown, not a crash. Audit machines, public IPs,"
                + " storage/volumes and snapshots before declaring teardown done.",
            List.of(
                "Confirm GPU + driver/torch match: nvidia-smi (driver/CUDA version) then python -c \"import torch;"
                    + "print(torch.__version__, torch.version.cuda, torch.cuda.is_available())\"; a mismatch here is"
                    + " PS11/U28, not a code bug",
                "Find what is eating the 5 GB / over-allowance /storage: du -sch .[!.]* * | sort -h (or !du -sch ..."
                    + " in a cell); install ncdu for an interactive view; check df -h AND df -i (inodes, U7)"
                    + " (verified DO notebooks/how-to/manage-storage 2026-06)",
                "Is a Notebook write durable? df -h /storage /notebooks and confirm the target is one of those two"
                    + " mounts; anything else (incl. /usr/local/lib) is ephemeral (PS3)",
                "Why did the run vanish? dmesg | grep -iE 'killed process|out of memory' (OOM?), uptime (recent"
                    + " reboot = auto-shutdown fired, PS2), nvidia-smi (GPU idle = died, not hung)",
                "Detect a stuck/slow download: watch -n5 'ls -l /storage/<file>'; a flat size with a live process ="
                    + " stalled wire (U12 resumable loop); egress is direct/unproxied, so a stall is route/peer, not"
                    + " a missing proxy hook",
                "Audit orphaned billables before declaring teardown done: in the console (or pspace) list machines,"
                    + " public IPs, storage/volumes and snapshots; PS1/PS9 hide in the last two"),
            "DO notebooks/how-to/manage-storage",
            List.of("debug", "diagnose", "vanished", "oom", "out of memory", "dmesg", "uptime", "nvidia-smi", "crash",
                "stalled", "download", "audit"),
            List.of("PS2", "PS3", "PS11", "PS1", "PS9")));
  }

  private static Gotcha gotcha(String id, String title, String symptom, String rootCause, String fix,
      List<String> diagnostics, String verifiedSource, List<String> keywords, List<String> related) {
    return new Gotcha(id, title, capitalise(symptom), capitalise(rootCause), capitalise(fix), diagnostics,
        Optional.ofNullable(verifiedSource), verifiedSource == null ? Optional.empty() : Optional.of(VERIFIED),
        keywords, related);
  }

  private static String capitalise(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
