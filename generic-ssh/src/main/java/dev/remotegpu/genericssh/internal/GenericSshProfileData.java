package dev.remotegpu.genericssh.internal;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.profile.AutoShutdownPolicy;
import dev.remotegpu.core.profile.Billing;
import dev.remotegpu.core.profile.BillingRule;
import dev.remotegpu.core.profile.Check;
import dev.remotegpu.core.profile.DangerClock;
import dev.remotegpu.core.profile.Deprecation;
import dev.remotegpu.core.profile.Flavour;
import dev.remotegpu.core.profile.FreeTier;
import dev.remotegpu.core.profile.Gotcha;
import dev.remotegpu.core.profile.GotchaSearchResult;
import dev.remotegpu.core.profile.LifecycleEvent;
import dev.remotegpu.core.profile.PlatformFacts;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.profile.Product;
import dev.remotegpu.core.profile.ProfileNote;
import dev.remotegpu.core.profile.RunVanishedObservation;
import dev.remotegpu.core.profile.ScriptOverrides;
import dev.remotegpu.core.profile.ScriptVariable;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.core.profile.StorageTier;
import dev.remotegpu.core.profile.SurvivalCell;
import dev.remotegpu.core.profile.SurvivalMatrix;
import dev.remotegpu.genericssh.checks.VanishLadderCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The generic-ssh profile as data, from the facts of the MIT remote-gpu-trainer skill's {@code generic-ssh}
 * profile (a bare box you own, SSH the only control channel). Nothing here is measured per box: caps, driver
 * and egress depend on the host and are said to be so.
 */
public final class GenericSshProfileData implements PlatformProfile {

  static final String SOURCE = "remote-gpu-trainer profiles/generic-ssh.md (MIT)";

  static final Flavour BOX = new Flavour("box", "a bare box reached by SSH");
  static final Product BOX_PRODUCT = new Product("box", "a box you own or rent outside any platform API", BOX, false);

  static final String IRON_LAW = "NO stop or destroy of the box until the checkpoints are pulled, verified by load"
      + " (PULL_VERIFIED.json matching the manifest) and the exact step approved. On a box you own the SDK cannot"
      + " stop anything: passing the Iron Law only earns the verdict that it is safe for you to stop the box in"
      + " your provider's console.";

  private static final List<Gotcha> GOTCHAS = List.of(
      gotcha("GEN1", "Nothing reclaims a bare box",
          "a week-old invoice for a box that finished on day one",
          "nothing reclaims a bare box: no auto-shutdown, the meter runs 24/7 until a person stops it",
          "make teardown a tracked final step after the verified pull; prompt, never auto-act",
          List.of(), List.of("invoice", "bill", "forgot", "forgotten", "still running", "idle box", "charged"),
          List.of()),
      gotcha("GEN2", "The run dies with the SSH shell",
          "the run dies when the laptop sleeps",
          "the job is a child of the SSH shell and gets SIGHUP when the connection goes",
          "start it under tmux, or nohup with stdin from /dev/null and disown, before the long run",
          List.of(), List.of("laptop", "sleep", "lid", "sighup", "hangup", "disconnect", "killed", "closed terminal"),
          List.of("GEN6", "GEN8")),
      gotcha("GEN3", "A big re-sync never finishes",
          "a 40 GB re-sync never finishes on a flaky link",
          "scp restarts a cut transfer from zero",
          "use resumable transfers (rsync --partial semantics)",
          List.of(), List.of("scp", "rsync", "transfer", "upload", "download", "resume", "flaky", "slow link"),
          List.of()),
      gotcha("GEN4", "Windows line endings in scripts",
          "bash: $'\\r': command not found",
          "CRLF line endings from Windows",
          "use LF endings; strip CR on the box",
          List.of(), List.of("\\r", "crlf", "windows", "line endings", "command not found"),
          List.of()),
      gotcha("GEN5", "Fails only on the box",
          "OOM or a CUDA mismatch only on the box",
          "the checks ran on the wrong machine",
          "do the CPU smoke test locally and the heavy work on the box",
          List.of(), List.of("oom", "cuda", "mismatch", "version", "works locally", "only on the box"),
          List.of("GEN7")),
      gotcha("GEN6", "The box rebooted; tmux did not survive it",
          "the job vanished: clean dmesg, low uptime, no tmux sessions",
          "the box rebooted (maintenance, kernel update, an OOM that took the box); tmux does not survive a reboot",
          "resume idempotently with the same command; relaunch at boot with @reboot or systemd",
          List.of("dmesg | grep -iE \"killed process|out of memory|Xid\"", "uptime", "tmux ls"),
          List.of("vanished", "disappeared", "gone", "reboot", "rebooted", "restart", "uptime", "tmux", "no session"),
          List.of("GEN2", "GEN8")),
      gotcha("GEN7", "Two runs on one GPU",
          "two runs on \"the same idle GPU\" both crawl or OOM",
          "a bare box has no scheduler",
          "serialize the runs, or pin each with CUDA_VISIBLE_DEVICES; check nvidia-smi for processes holding the GPU",
          List.of("nvidia-smi"), List.of("two runs", "both", "slow", "crawl", "shared gpu", "busy", "oom",
              "cuda_visible_devices"),
          List.of("GEN5")),
      gotcha("GEN8", "A poll drop is not a dead job",
          "the poll connection dropped, the run was declared dead, but it finished",
          "a dropped poll connection is not the job dying",
          "re-connect and check the ground truth: the process, the log, the checkpoint's mtime",
          List.of("is the process still there", "the job's log", "the checkpoint's mtime"),
          List.of("poll", "dropped", "connection", "declared dead", "false alarm", "finished", "timeout"),
          List.of("GEN2", "GEN6")));

  private static final List<StorageTier> TIERS = List.of(
      new StorageTier("disk", "the box's persistent disk", BOX, List.of("/"), true,
          "/ and ~ (one persistent disk you manage)", false, Optional.empty(),
          "host-dependent: measure with df -h and df -i (inodes run out before bytes)"),
      new StorageTier("attached-volume", "an attached volume", BOX, List.of(), false,
          "wherever you mounted it", false, Optional.empty(),
          "host-dependent: measure with df -h and df -i"));

  private static final List<SurvivalCell> CELLS = List.of(
      new SurvivalCell("disk", LifecycleEvent.STOP, true,
          "survives everything but destroy (an SSH drop, a reboot); a provider's stop that deletes the disk is a"
              + " destroy"),
      new SurvivalCell("disk", LifecycleEvent.DESTROY, false, "destroy deletes the disk"),
      new SurvivalCell("attached-volume", LifecycleEvent.STOP, true, "survives everything but destroy"),
      new SurvivalCell("attached-volume", LifecycleEvent.DESTROY, false,
          "depends on the provider: verify before you rely on it; counted as lost until you have"));

  private static final Billing BILLING = new Billing(
      "your provider's; the SDK prices the hourly rate you declare for each box",
      "there is no automatic stop: the box bills 24/7 until a person stops it in the provider's console",
      false, "no monthly cap is known for a box you own",
      List.of("stop or destroy the box in your provider's console (the SDK cannot)"),
      List.of("stop or destroy the box in your provider's console: manual and usually irreversible (it deletes"
          + " the disk)"),
      List.of(),
      List.of(new BillingRule("box", "the box", Optional.of(BillableKind.MACHINE), true, false, false,
          "you, in the provider's console", Optional.empty(), Optional.empty(), false, List.of(),
          "priced at the hourly rate you declare per box; billed 24/7, running or idle, until stopped (GEN1)")),
      "a bare box bills at its hourly rate every hour it exists; nothing stops it but you (GEN1)");

  private static final PlatformFacts FACTS = new PlatformFacts("bring-your-own box over SSH",
      "stop or destroy the box in your provider's console (manual)", true, "tmux (nohup + disown fallback,"
          + " stdin from /dev/null); survives an SSH drop, not a reboot",
      false, Optional.empty(), false, Optional.empty(), false, false,
      "host-dependent", "host-dependent",
      Map.of("control", "SSH is the only control channel: no platform API, console or CLI",
          "machine", "user@host[:port] with a key",
          "interruption", "no spot model on an on-demand box; design for SSH drops and reboots",
          "egress", "not stated: depends on your provider"));

  private static final List<DangerClock> DANGER_CLOCKS = List.of(
      new DangerClock("Nothing stops the meter", Severity.CRITICAL,
          "a forgotten box bills 24/7 until you stop it in your provider's console; the SDK cannot stop it",
          Optional.empty(), List.of("GEN1")),
      new DangerClock("A reboot ends tmux", Severity.WARNING,
          "tmux survives an SSH drop but not a reboot: make the job resume with the same command",
          Optional.empty(), List.of("GEN6")),
      new DangerClock("Jobs die with the SSH shell", Severity.WARNING,
          "start long runs under tmux or nohup, never as a child of the SSH shell", Optional.empty(),
          List.of("GEN2")));

  private static final List<ProfileNote> NOTES = List.of(
      new ProfileNote("network", "transport", "direct TCP SSH; scp and rsync work"),
      new ProfileNote("network", "services", "services reach you through ssh -L tunnels"),
      new ProfileNote("storage", "caps", "caps are host-dependent: measure with df -h and df -i (inodes run out"
          + " before bytes)"),
      new ProfileNote("storage", "attached volume", "whether an attached volume survives destroy depends on the"
          + " provider: verify"),
      new ProfileNote("vanish", "ladder", "dmesg | grep -iE \"killed process|out of memory|Xid\" and uptime: an OOM"
          + " line means OOM; a clean dmesg with low uptime means a reboot (GEN6); Xid 48/79 means a dead GPU"
          + " (re-rent)"),
      new ProfileNote("teardown", "manual", "the SDK cannot stop or destroy the box: its plan prints manual steps"
          + " priced at your declared hourly rate, gated by the Iron Law before you are told it is safe"));

  private static final List<ScriptOverrides> SCRIPT_OVERRIDES = List.of(new ScriptOverrides(BOX,
      List.of(new ScriptVariable("DETACH", "tmux", "nohup + disown with stdin from /dev/null where tmux is absent")),
      List.of("tmux survives an SSH drop, not a reboot (GEN6)")));

  /** The one instance (declared after the data it reads). */
  public static final GenericSshProfileData INSTANCE = new GenericSshProfileData();

  private final KeywordGotchaSearch search = new KeywordGotchaSearch(GOTCHAS);
  private final Check<RunVanishedObservation> vanishDiagnosis = new VanishLadderCheck(this);

  private GenericSshProfileData() {}

  private static Gotcha gotcha(String id, String title, String symptom, String cause, String fix,
      List<String> diagnostics, List<String> keywords, List<String> related) {
    return new Gotcha(id, title, symptom, cause, fix, diagnostics, Optional.of(SOURCE), Optional.empty(), keywords,
        related);
  }

  @Override
  public String platform() {
    return "generic-ssh";
  }

  @Override
  public PlatformFacts facts() {
    return FACTS;
  }

  @Override
  public List<Flavour> flavours() {
    return List.of(BOX);
  }

  @Override
  public List<Product> products() {
    return List.of(BOX_PRODUCT);
  }

  @Override
  public SurvivalMatrix survival() {
    return new SurvivalMatrix(TIERS, CELLS);
  }

  @Override
  public Billing billing() {
    return BILLING;
  }

  /** None: nothing stops a bare box automatically (GEN1). */
  @Override
  public List<AutoShutdownPolicy> autoShutdownPolicies() {
    return List.of();
  }

  @Override
  public Optional<FreeTier> freeTier() {
    return Optional.empty();
  }

  @Override
  public List<Deprecation> deprecations() {
    return List.of();
  }

  @Override
  public List<ScriptOverrides> scriptOverrides() {
    return SCRIPT_OVERRIDES;
  }

  @Override
  public String ironLaw() {
    return IRON_LAW;
  }

  @Override
  public List<Gotcha> gotchas() {
    return GOTCHAS;
  }

  @Override
  public GotchaSearchResult searchGotchas(String query) {
    return search.search(query);
  }

  @Override
  public List<DangerClock> dangerClocks() {
    return DANGER_CLOCKS;
  }

  @Override
  public List<ProfileNote> notes() {
    return NOTES;
  }

  /** A box is the only billable: GEN1 explains why it keeps charging. */
  @Override
  public Optional<String> gotchaIdFor(BillableKind kind) {
    return kind == BillableKind.MACHINE ? Optional.of("GEN1") : Optional.empty();
  }

  @Override
  public Check<RunVanishedObservation> vanishDiagnosis() {
    return vanishDiagnosis;
  }
}
