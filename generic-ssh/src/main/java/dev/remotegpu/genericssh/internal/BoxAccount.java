package dev.remotegpu.genericssh.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.LaunchCandidate;
import dev.remotegpu.core.LaunchRequest;
import dev.remotegpu.core.Machine;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.RemoteGpuException;
import dev.remotegpu.core.SshEndpoint;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.launch.LaunchAttempt;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LaunchListener;
import dev.remotegpu.core.profile.Finding;
import dev.remotegpu.core.profile.Severity;
import dev.remotegpu.core.retry.Deadline;
import dev.remotegpu.core.retry.TimeSource;
import dev.remotegpu.core.teardown.ResourceActions;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownPlanner;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.genericssh.GenericSshProfile;
import dev.remotegpu.genericssh.ManualActionRequiredException;
import dev.remotegpu.genericssh.ManualStepHandler;
import dev.remotegpu.genericssh.SshBox;
import dev.remotegpu.genericssh.checks.DetachToolsCheck;
import dev.remotegpu.ssh.SshConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The boxes you declared and what the SDK knows of them: which it verified and when, and which you confirmed
 * stopped. A box bills from declaration until you confirm it stopped and it stops answering SSH: the SDK never
 * takes an unreachable box for a stopped one (GEN1, GEN8).
 */
public final class BoxAccount {

  private final Map<String, SshBox> boxes;
  private final BoxProbe probe;
  private final LaunchLedger ledger;
  private final TimeSource time;
  private final Duration pollInterval;
  private final Map<String, Instant> firstVerified = new ConcurrentHashMap<>();
  private final Set<String> confirmedStopped = ConcurrentHashMap.newKeySet();
  private final ResourceActions actions;
  private final DetachToolsCheck detachCheck = new DetachToolsCheck(GenericSshProfile.get());

  /**
   * @param boxes the declared boxes
   * @param configs the SSH configuration (key, known hosts, timeouts) for an endpoint
   * @param ledger the launch ledger: verified boxes are recorded as ours
   * @param time the clock that stamps first verifications and the sleeper of every wait on a box
   * @param pollInterval how often a wait probes the box
   * @param manualSteps where teardown's manual steps go
   * @param confirmTimeout how long a confirmed stop may take to show (the box stops answering SSH)
   */
  public BoxAccount(List<SshBox> boxes, Function<SshEndpoint, SshConfig> configs, LaunchLedger ledger, TimeSource time,
      Duration pollInterval, ManualStepHandler manualSteps, Duration confirmTimeout) {
    Map<String, SshBox> byName = new LinkedHashMap<>();
    for (SshBox box : boxes) {
      if (byName.put(box.name(), box) != null) {
        throw new IllegalArgumentException("two boxes are named " + box.name() + ": box names are their ids");
      }
    }
    if (byName.isEmpty()) {
      throw new IllegalArgumentException("declare at least one box (GenericSshPlatform.builder().box(...))");
    }
    this.boxes = Map.copyOf(byName);
    this.probe = new BoxProbe(configs);
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.time = Objects.requireNonNull(time, "time");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.actions = new ManualTeardown(this, manualSteps, confirmTimeout);
  }

  /** Connect and verify: the first declared box that matches a candidate, answers SSH and can detach a job. */
  public Machine launch(LaunchRequest request, LaunchListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    List<String> failures = new ArrayList<>();
    int attempt = 0;
    for (LaunchCandidate candidate : request.candidates()) {
      Optional<SshBox> match = boxes.values().stream().filter(b -> b.matches(candidate)).findFirst();
      if (match.isEmpty()) {
        continue;
      }
      SshBox box = match.get();
      attempt++;
      listener.attemptStarted(attempt, candidate);
      ledger.recordIntent(request.runId(), box.name(), candidate);
      try {
        DetachToolsCheck.Tools tools = probe.verify(box);
        List<Finding> critical = detachCheck.check(tools).stream()
            .filter(f -> f.severity() == Severity.CRITICAL).toList();
        if (!critical.isEmpty()) {
          throw new ManualActionRequiredException("box " + box.name() + " cannot keep a job alive: "
              + critical.get(0).message() + " " + critical.get(0).fix() + " (GEN2)", box.name(), "GEN2", false);
        }
      } catch (RuntimeException e) {
        if (e instanceof ManualActionRequiredException) {
          throw e;
        }
        String reason = box.name() + ": " + e.getMessage();
        failures.add(reason);
        listener.attemptFailed(new LaunchAttempt(attempt, candidate, reason, time.now()));
        continue;
      }
      ledger.recordCreated(box.name(), box.name());
      firstVerified.putIfAbsent(box.name(), time.now());
      confirmedStopped.remove(box.name());
      listener.launched(candidate, box.name(), box.name());
      return new BoxMachine(this, box, MachineState.READY, "answers-ssh", firstVerified.get(box.name()));
    }
    if (attempt == 0) {
      throw new ValidationException("no declared box matches " + request.candidates(),
          List.of(new ValidationException.Issue("candidates", "declared boxes: " + boxes.values().stream()
              .map(SshBox::toString).sorted().collect(Collectors.joining("; ")))));
    }
    throw new RemoteGpuException("no box of " + request.candidates() + " answered SSH: " + String.join("; ", failures)
        + "; check the host, port, user, key and known_hosts, and that the box is powered on");
  }

  /** Every declared box as it answers now. */
  public List<Machine> machines() {
    return boxes.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).map(this::snapshot).toList();
  }

  /** One box by name. */
  public Machine machine(String id) {
    return snapshot(box(id));
  }

  SshBox box(String id) {
    Objects.requireNonNull(id, "id");
    SshBox box = boxes.get(id);
    if (box == null) {
      throw new NotFoundException("no declared box named " + id + "; declared: "
          + boxes.keySet().stream().sorted().collect(Collectors.joining(", ")), id, null);
    }
    return box;
  }

  /** Each box you have not confirmed stopped bills its declared rate, reachable or not (GEN1). */
  public List<Billable> billables() {
    return boxes.values().stream().filter(b -> !confirmedStopped.contains(b.name()))
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .map(b -> new Billable(BillableKind.MACHINE, b.name(), b.name(), b.region(), Optional.empty(),
            Optional.empty(), "running (declared rate)", Rate.hourly(b.hourlyRate())))
        .toList();
  }

  /** Plans a teardown whose irreversible steps are manual, priced at the declared rates. */
  public TeardownPlan planTeardown(TeardownRequest request) {
    return TeardownPlanner.plan(billables(), ledger, GenericSshProfile.get(), request, actions,
        this::billables, accountKey());
  }

  /** The declared boxes' endpoints: Iron Law evidence made on other boxes is refused here (never a credential). */
  public String accountKey() {
    return "generic-ssh:" + boxes.values().stream().map(b -> b.endpoint().user() + "@" + b.endpoint().host() + ":"
        + b.endpoint().port()).sorted().collect(Collectors.joining(","));
  }

  Machine snapshot(SshBox box) {
    Instant seen = firstVerified.getOrDefault(box.name(), time.now());
    if (confirmedStopped.contains(box.name())) {
      return new BoxMachine(this, box, MachineState.OFF, "stopped-by-owner", seen);
    }
    return probe.answers(box) ? new BoxMachine(this, box, MachineState.READY, "answers-ssh", seen)
        : new BoxMachine(this, box, MachineState.OFF, "no-ssh-answer", seen);
  }

  Machine start(SshBox box) {
    Machine now = snapshot(box);
    if (now.state() == MachineState.READY) {
      return now;
    }
    throw new ManualActionRequiredException("box " + box.name() + " does not answer SSH at " + box.endpoint().host()
        + ":" + box.endpoint().port() + " (" + now.rawState() + ") and the SDK cannot power a box on: start it in"
        + " your provider's console, or wait for a reboot to finish (GEN6), then call again", box.name(), "GEN6",
        true);
  }

  Machine stop(SshBox box) {
    throw new ManualActionRequiredException("the SDK cannot stop box " + box.name() + ": on a box you own a stop is"
        + " manual and usually irreversible (it deletes the disk). Plan a teardown: its destroy-machine:"
        + box.name() + " step, gated by the Iron Law, tells you when it is safe to stop it in your provider's"
        + " console (GEN1)", box.name(), "GEN1", false);
  }

  Machine awaitState(SshBox box, MachineState wanted, Duration timeout) {
    Objects.requireNonNull(wanted, "wanted");
    Deadline deadline = time.deadline(Objects.requireNonNull(timeout, "timeout"));
    Machine now = snapshot(box);
    while (now.state() != wanted) {
      if (deadline.passed()) {
        throw new RemoteGpuException("box " + box.name() + " did not become " + wanted + " within " + timeout
            + " (last seen " + now.rawState() + ")" + (wanted == MachineState.READY
                ? "; check it is powered on and that SSH reaches " + box.endpoint().host() + ":"
                    + box.endpoint().port() + " (after a reboot tmux and the job are gone: GEN6)"
                : ""));
      }
      sleep(pollInterval);
      now = snapshot(box);
    }
    return now;
  }

  boolean answers(SshBox box) {
    return probe.answers(box);
  }

  void confirmStopped(SshBox box) {
    confirmedStopped.add(box.name());
  }

  /** The clock and sleeper of every wait on a box. */
  TimeSource time() {
    return time;
  }

  /** Pauses {@code d} on the time source; an interrupt ends the wait. */
  void sleep(Duration d) {
    try {
      time.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteGpuException("interrupted while waiting for a box", e);
    }
  }
}
