package dev.remotegpu.core.teardown.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LedgerEntry;
import dev.remotegpu.core.teardown.Approvals;
import dev.remotegpu.core.teardown.Audit;
import dev.remotegpu.core.teardown.AuditItem;
import dev.remotegpu.core.teardown.ExecutionReport;
import dev.remotegpu.core.teardown.ResidualDifference;
import dev.remotegpu.core.teardown.ResourceActions;
import dev.remotegpu.core.teardown.StepInProgressException;
import dev.remotegpu.core.teardown.StepOutcome;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.core.teardown.TeardownStep;
import dev.remotegpu.core.teardown.VerificationEvidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The plan made by {@link Planner}, with the Iron-Law gated execution and the re-audit comparison. */
final class DefaultTeardownPlan implements TeardownPlan {

  private final Audit audit;
  private final TeardownRequest request;
  private final List<TeardownStep> steps;
  private final LaunchLedger ledger;
  private final Function<BillableKind, Optional<String>> gotchaIds;
  private final ResourceActions actions;
  private final Supplier<List<Billable>> reaudit;
  private final String accountKey;
  /** Steps executed by any execution of this plan, in execution order; guarded by {@code this}. */
  private final Map<String, TeardownStep> executed = new LinkedHashMap<>();

  DefaultTeardownPlan(Audit audit, TeardownRequest request, List<TeardownStep> steps, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds, ResourceActions actions,
      Supplier<List<Billable>> reaudit, String accountKey) {
    this.audit = Objects.requireNonNull(audit, "audit");
    this.request = Objects.requireNonNull(request, "request");
    this.steps = List.copyOf(steps);
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.gotchaIds = Objects.requireNonNull(gotchaIds, "gotchaIds");
    this.actions = Objects.requireNonNull(actions, "actions");
    this.reaudit = Objects.requireNonNull(reaudit, "reaudit");
    this.accountKey = Objects.requireNonNull(accountKey, "accountKey");
  }

  @Override
  public Audit audit() {
    return audit;
  }

  @Override
  public TeardownRequest request() {
    return request;
  }

  @Override
  public List<TeardownStep> steps() {
    return steps;
  }

  @Override
  public Optional<TeardownStep> step(String stepId) {
    Objects.requireNonNull(stepId, "stepId");
    return steps.stream().filter(s -> s.id().equals(stepId)).findFirst();
  }

  @Override
  public Audit residual() {
    return new Audit(Projection.remaining(audit.items(), steps));
  }

  @Override
  public Money endsPerMonth() {
    return steps.stream().map(TeardownStep::endsPerMonth).reduce(Money.ZERO, Money::plus);
  }

  @Override
  public List<AuditItem> untouchedUnknown() {
    return audit.unknown().items().stream()
        .filter(item -> steps.stream().noneMatch(step -> Projection.ends(step, item.billable())))
        .toList();
  }

  @Override
  public synchronized ExecutionReport execute(Approvals approvals, Optional<VerificationEvidence> evidence) {
    Objects.requireNonNull(approvals, "approvals");
    Objects.requireNonNull(evidence, "evidence");
    Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
    for (TeardownStep step : steps) {
      StepOutcome outcome = run(step, approvals, evidence, outcomes);
      outcomes.put(step.id(), outcome);
      if (outcome.status() == StepOutcome.Status.EXECUTED) {
        executed.put(step.id(), step);
      }
    }
    List<TeardownStep> done = List.copyOf(executed.values());
    Audit expected = new Audit(Projection.remaining(audit.items(), done));
    Optional<Audit> again;
    Optional<String> failure;
    try {
      List<Billable> billables = Objects.requireNonNull(reaudit.get(), "the re-audit returned null");
      again = Optional.of(Audit.of(billables, ledger, gotchaIds));
      failure = Optional.empty();
    } catch (RuntimeException e) {
      again = Optional.empty();
      failure = Optional.of("the re-audit after the teardown failed (" + e.getMessage()
          + "): list what bills on the account (machines, public IPs, storage, snapshots) in the platform's console"
          + " before calling it done" + leftoverGotchas());
    }
    List<TeardownStep> underWay = outcomes.values().stream()
        .filter(o -> o.status() == StepOutcome.Status.IN_PROGRESS).map(StepOutcome::step).toList();
    List<ResidualDifference> differences = again.map(a -> compare(expected, a, done, underWay)).orElse(List.of());
    return new ExecutionReport(List.copyOf(outcomes.values()), expected, again, failure, differences);
  }

  /** The profile's gotchas on what may keep billing after a teardown, as " (A, B)"; empty when it has none. */
  private String leftoverGotchas() {
    List<String> ids = Stream.of(BillableKind.values()).map(gotchaIds).flatMap(Optional::stream).distinct().sorted()
        .toList();
    return ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")";
  }

  private StepOutcome run(TeardownStep step, Approvals approvals, Optional<VerificationEvidence> evidence,
      Map<String, StepOutcome> outcomes) {
    if (executed.containsKey(step.id())) {
      return StepOutcome.executedEarlier(step);
    }
    for (String dependency : step.dependsOn()) {
      if (!executed.containsKey(dependency)) {
        StepOutcome before = outcomes.get(dependency);
        String status = before == null ? "not run" : before.status().toString();
        return StepOutcome.skipped(step, "depends on " + dependency + ", which was " + status
            + (before == null ? "" : " (" + before.detail() + ")"));
      }
    }
    if (step.reversible()) {
      if (!approvals.reversibleSteps() && !approvals.names(step.id())) {
        return StepOutcome.skipped(step, "reversible step not requested: approve '" + step.id()
            + "' or use Approvals.reversibleOnly()");
      }
    } else {
      if (!approvals.names(step.id())) {
        return StepOutcome.refused(step, "no approval names '" + step.id() + "': an irreversible step runs only"
            + " when the user approved that exact step (Iron Law)" + unmatched(approvals));
      }
      if (evidence.isEmpty()) {
        return StepOutcome.refused(step, "no PULL_VERIFIED evidence: pull the checkpoints, verify every one by"
            + " load, and pass the evidence before '" + step.id() + "' (Iron Law)");
      }
      // Evidence of another machine is refused below, by the evidence itself, naming both machines.
      Optional<String> otherRuns = IronLawTargets.machineOf(step).filter(evidence.get().machineId()::equals)
          .flatMap(m -> otherRunsOn(m, evidence.get().runId()));
      if (otherRuns.isPresent()) {
        return StepOutcome.refused(step, "'" + step.id() + "' refused: " + otherRuns.get() + " (Iron Law)");
      }
      // Checked now, at execution time: the machine's durable state as it is at this moment must be covered.
      Optional<String> refusal = evidence.get().refusal(accountKey, IronLawTargets.machineOf(step));
      if (refusal.isPresent()) {
        return StepOutcome.refused(step, "'" + step.id() + "' refused: " + refusal.get() + " (Iron Law)");
      }
    }
    try {
      act(step);
      return StepOutcome.executed(step);
    } catch (StepInProgressException e) {
      return StepOutcome.inProgress(step, e.getMessage());
    } catch (RuntimeException e) {
      return StepOutcome.failed(step, e);
    }
  }

  /**
   * Why the evidence of {@code runId} cannot speak for machine {@code machineId}: the launch ledger records it as
   * launched for other runs, whose checkpoints may live outside the roots this run's inventory lists. Empty when the
   * ledger gives the machine to this run only, or does not know it.
   */
  private Optional<String> otherRunsOn(String machineId, String runId) {
    List<String> others = ledger.entries().stream()
        .filter(e -> e.machineId().filter(machineId::equals).isPresent())
        .map(LedgerEntry::runId).filter(r -> !r.equals(runId)).distinct().sorted().toList();
    if (others.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("the launch ledger records machine " + machineId + " as launched for run(s) "
        + String.join(", ", others) + ", but the evidence is of run " + runId + ", whose inventory does not list"
        + " their checkpoints: pull those runs' checkpoints and tear the machine down with the evidence of the run it"
        + " was launched for");
  }

  /** Approved ids that name no step of this plan, which usually means a mistyped approval. */
  private String unmatched(Approvals approvals) {
    List<String> strays = approvals.stepIds().stream()
        .filter(id -> steps.stream().noneMatch(s -> s.id().equals(id))).sorted().toList();
    return strays.isEmpty() ? "" : "; approved ids that name no step of this plan: " + String.join(", ", strays);
  }

  private void act(TeardownStep step) {
    String id = step.target().id();
    switch (step.kind()) {
      case STOP_MACHINE -> actions.stopMachine(id);
      case DESTROY_MACHINE -> actions.destroyMachine(id);
      case RELEASE_PUBLIC_IP -> actions.releasePublicIp(id);
      case DELETE_SNAPSHOT -> actions.deleteSnapshot(id);
      case DELETE_CUSTOM_TEMPLATE -> actions.deleteCustomTemplate(id);
      case DELETE_SHARED_STORAGE -> actions.deleteSharedStorage(id);
    }
  }

  /**
   * The differences between the promise and the re-audit; what a step still under way will end is neither
   * promised nor an alarm (its outcome already says it is in progress).
   */
  private List<ResidualDifference> compare(Audit expected, Audit again, List<TeardownStep> done,
      List<TeardownStep> underWay) {
    Map<String, AuditItem> expectedByKey = byKey(expected.items());
    Map<String, AuditItem> originalByKey = byKey(audit.items());
    Map<String, AuditItem> actualByKey = byKey(again.billing().items());
    List<ResidualDifference> differences = new ArrayList<>();
    for (Map.Entry<String, AuditItem> entry : actualByKey.entrySet()) {
      AuditItem actual = entry.getValue();
      Billable billable = actual.billable();
      if (Projection.stepEnding(underWay, billable).isPresent()) {
        continue;
      }
      AuditItem promised = expectedByKey.get(entry.getKey());
      String gotcha = actual.gotchaId().map(g -> " (" + g + ")").orElse("");
      if (promised != null) {
        if (promised.perMonth().compareTo(actual.perMonth()) != 0) {
          differences.add(new ResidualDifference(ResidualDifference.Kind.COST_CHANGED, billable.kind(),
              billable.id(), Optional.of(promised.perMonth()), Optional.of(actual.perMonth()),
              actual.description() + " now bills " + actual.perMonth().toDisplayString() + "/month, not "
                  + promised.perMonth().toDisplayString()));
        }
      } else if (originalByKey.containsKey(entry.getKey())) {
        String step = Projection.stepEnding(done, billable).map(TeardownStep::id).orElse("an executed step");
        differences.add(new ResidualDifference(ResidualDifference.Kind.STILL_BILLING, billable.kind(),
            billable.id(), Optional.empty(), Optional.of(actual.perMonth()),
            actual.description() + " still bills " + actual.perMonth().toDisplayString() + "/month although "
                + step + " was executed: check it in the console and end it" + gotcha));
      } else {
        differences.add(new ResidualDifference(ResidualDifference.Kind.NEW_BILLABLE, billable.kind(),
            billable.id(), Optional.empty(), Optional.of(actual.perMonth()),
            actual.description() + " (" + actual.ownership() + ") bills " + actual.perMonth().toDisplayString()
                + "/month but was not in the audit the plan was made from"));
      }
    }
    for (Map.Entry<String, AuditItem> entry : expectedByKey.entrySet()) {
      if (!actualByKey.containsKey(entry.getKey())
          && Projection.stepEnding(underWay, entry.getValue().billable()).isEmpty()) {
        AuditItem promised = entry.getValue();
        differences.add(new ResidualDifference(ResidualDifference.Kind.NO_LONGER_BILLING,
            promised.billable().kind(), promised.id(), Optional.of(promised.perMonth()), Optional.empty(),
            promised.description() + " was expected to keep billing " + promised.perMonth().toDisplayString()
                + "/month but the re-audit no longer shows it billing: something else removed or stopped it"));
      }
    }
    return differences;
  }

  private static Map<String, AuditItem> byKey(List<AuditItem> items) {
    Map<String, AuditItem> map = new LinkedHashMap<>();
    for (AuditItem item : items) {
      map.putIfAbsent(Projection.key(item.billable()), item);
    }
    return map;
  }

  @Override
  public String render() {
    return TextTables.plan(this);
  }

  @Override
  public String toString() {
    return render();
  }
}
