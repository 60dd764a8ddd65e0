package dev.remotegpu.core.teardown.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.ValidationException;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.launch.LedgerEntry;
import dev.remotegpu.core.teardown.Audit;
import dev.remotegpu.core.teardown.AuditItem;
import dev.remotegpu.core.teardown.ResourceActions;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownRequest;
import dev.remotegpu.core.teardown.TeardownStep;
import dev.remotegpu.core.teardown.TeardownStepKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns an audit and a {@link TeardownRequest} into ordered steps: stop (where the platform's stop is reversible),
 * destroy, release, then delete durable data last. Unknown resources get a step only when the request names them by id.
 */
public final class Planner {

  /** Platform words for a machine that is off or on its way off: no stop step is needed. */
  private static final Set<String> OFF_STATES = Set.of("off", "stopped", "stopping", "shutdown", "shut-down");

  private Planner() {}

  /**
   * How a platform's meter stop behaves, from its profile's facts: reversible (a stop is planned before each
   * destroy, and a stop-only request is allowed) or itself the irreversible step (no reversible stop is planned,
   * and a stop-only request is refused, saying so).
   *
   * @param platform the platform's short name, for messages
   * @param verb the platform's word for the meter stop
   * @param irreversible whether that stop is irreversible
   */
  public record StopRule(String platform, String verb, boolean irreversible) {
    /** A platform whose stop is reversible, for plans made without a profile. */
    public static final StopRule REVERSIBLE = new StopRule("this platform", "stop", false);

    /** Checks the fields. */
    public StopRule {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(verb, "verb");
    }
  }

  /** Audits, validates the request against the audit and the ledger, and plans it (a reversible stop). */
  public static TeardownPlan plan(List<Billable> billables, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds, TeardownRequest request, ResourceActions actions,
      Supplier<List<Billable>> reaudit, String accountKey) {
    return plan(billables, ledger, gotchaIds, StopRule.REVERSIBLE, request, actions, reaudit, accountKey);
  }

  /** Audits, validates the request against the audit and the ledger, and plans it under {@code stopRule}. */
  public static TeardownPlan plan(List<Billable> billables, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds, StopRule stopRule, TeardownRequest request,
      ResourceActions actions, Supplier<List<Billable>> reaudit, String accountKey) {
    Objects.requireNonNull(stopRule, "stopRule");
    Audit audit = Audit.of(billables, ledger, gotchaIds);
    List<ValidationException.Issue> issues = new ArrayList<>();
    Set<String> destroyEverything = machinesToDestroyEverythingOf(request, ledger, issues);
    checkIdsExist(request, audit, issues);

    List<AuditItem> wanted = new ArrayList<>();
    List<TeardownStepKind> kinds = new ArrayList<>();
    for (AuditItem item : audit.items()) {
      Billable billable = item.billable();
      String id = billable.id();
      boolean named = request.namedResources().contains(id);
      boolean ofDestroyedMachine = billable.machineId().filter(destroyEverything::contains).isPresent();
      switch (billable.kind()) {
        case MACHINE -> {
          boolean destroy = named || destroyEverything.contains(id);
          boolean stop = destroy || request.machinesToStop().contains(id);
          if (stop && stopRule.irreversible() && !destroy) {
            issues.add(new ValidationException.Issue("machinesToStop", "on " + stopRule.platform() + " the meter"
                + " stop of machine " + id + " is itself irreversible (" + stopRule.verb() + "), so there is no"
                + " reversible stop to plan: ask for its destroy (machinesToDestroy or destroyEverythingOf), which"
                + " the Iron Law gates" + item.gotchaId().map(g -> " (" + g + ")").orElse("")));
          } else if (stop && !stopRule.irreversible() && !isOff(billable.state())) {
            wanted.add(item);
            kinds.add(TeardownStepKind.STOP_MACHINE);
          }
          if (destroy) {
            wanted.add(item);
            kinds.add(TeardownStepKind.DESTROY_MACHINE);
          }
        }
        case BLOCK_STORAGE -> {
          boolean machineGoes = billable.machineId()
              .filter(m -> destroyEverything.contains(m) || request.namedResources().contains(m)).isPresent();
          if (named && !machineGoes) {
            issues.add(new ValidationException.Issue("namedResources", "block storage " + id
                + " is removed only by destroying its machine"
                + billable.machineId().map(m -> " " + m + ": name the machine instead").orElse("")));
          }
        }
        case PUBLIC_IP -> addIf(named || ofDestroyedMachine, item, TeardownStepKind.RELEASE_PUBLIC_IP, wanted, kinds);
        case DYNAMIC_PUBLIC_IP -> {
          if (named) {
            issues.add(new ValidationException.Issue("namedResources", "dynamic public IP " + id
                + " is not released by a teardown step: the platform releases it when its machine powers off"
                + billable.machineId().map(m -> " (stop or destroy machine " + m + " instead)").orElse("")
                + billable.billingRule().map(r -> "; rule " + r).orElse("")));
          }
        }
        case SNAPSHOT -> addIf(named || ofDestroyedMachine, item, TeardownStepKind.DELETE_SNAPSHOT, wanted, kinds);
        case CUSTOM_TEMPLATE -> addIf(named, item, TeardownStepKind.DELETE_CUSTOM_TEMPLATE, wanted, kinds);
        case SHARED_STORAGE -> addIf(named, item, TeardownStepKind.DELETE_SHARED_STORAGE, wanted, kinds);
      }
    }
    if (!issues.isEmpty()) {
      throw new ValidationException("cannot plan this teardown; nothing was executed", issues);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing((Integer i) -> kinds.get(i)).thenComparing(i -> i));

    Set<String> destroyedMachines = new HashSet<>();
    for (int i : order) {
      if (kinds.get(i) == TeardownStepKind.DESTROY_MACHINE) {
        destroyedMachines.add(wanted.get(i).id());
      }
    }
    List<TeardownStep> steps = new ArrayList<>();
    for (int i : order) {
      steps.add(step(wanted.get(i), kinds.get(i), steps, audit, destroyedMachines, stopRule));
    }
    return new DefaultTeardownPlan(audit, request, steps, ledger, gotchaIds, actions, reaudit, accountKey);
  }

  private static void addIf(boolean condition, AuditItem item, TeardownStepKind kind, List<AuditItem> wanted,
      List<TeardownStepKind> kinds) {
    if (condition) {
      wanted.add(item);
      kinds.add(kind);
    }
  }

  private static Set<String> machinesToDestroyEverythingOf(TeardownRequest request, LaunchLedger ledger,
      List<ValidationException.Issue> issues) {
    Set<String> machines = new TreeSet<>();
    List<LedgerEntry> entries = ledger.entries();
    for (String runId : new TreeSet<>(request.runsToDestroy())) {
      List<String> ofRun = entries.stream().filter(e -> e.runId().equals(runId))
          .flatMap(e -> e.machineId().stream()).toList();
      if (ofRun.isEmpty()) {
        issues.add(new ValidationException.Issue("runsToDestroy",
            "the launch ledger has no machine id for run " + runId));
      }
      machines.addAll(ofRun);
    }
    for (String machineId : new TreeSet<>(request.machinesToDestroy())) {
      if (ledger.ownsMachine(machineId)) {
        machines.add(machineId);
      } else {
        issues.add(new ValidationException.Issue("machinesToDestroy", "machine " + machineId
            + " is not in the launch ledger, so its IPs and snapshots are not known to be ours: name the machine"
            + " and each resource to delete by id with alsoDelete(...)"));
      }
    }
    return machines;
  }

  private static void checkIdsExist(TeardownRequest request, Audit audit, List<ValidationException.Issue> issues) {
    for (String machineId : new TreeSet<>(request.machinesToStop())) {
      boolean isMachine = audit.items().stream()
          .anyMatch(i -> i.billable().kind() == BillableKind.MACHINE && i.id().equals(machineId));
      if (!isMachine) {
        issues.add(new ValidationException.Issue("machinesToStop",
            "no machine " + machineId + " in the account's billables"));
      }
    }
    for (String id : new TreeSet<>(request.namedResources())) {
      if (audit.item(id).isEmpty()) {
        issues.add(new ValidationException.Issue("namedResources",
            "no resource " + id + " in the account's billables"));
      }
    }
  }

  private static boolean isOff(String state) {
    return OFF_STATES.contains(state.trim().toLowerCase(Locale.ROOT));
  }

  private static TeardownStep step(AuditItem item, TeardownStepKind kind, List<TeardownStep> earlier, Audit audit,
      Set<String> destroyedMachines, StopRule stopRule) {
    Billable target = item.billable();
    String id = kind.stepId(target.id());
    List<String> dependsOn = new ArrayList<>();
    if (!kind.reversible() && kind != TeardownStepKind.DESTROY_MACHINE) {
      target.machineId().filter(destroyedMachines::contains)
          .ifPresent(m -> dependsOn.add(TeardownStepKind.DESTROY_MACHINE.stepId(m)));
    }
    // What this step ends: the billing items it affects that no earlier step already ended.
    TeardownStep probe = new TeardownStep(id, kind, target, kind.reversible(), List.of(), Money.ZERO, Money.ZERO,
        "", List.of());
    List<AuditItem> ended = audit.items().stream()
        .filter(AuditItem::bills)
        .filter(i -> Projection.ends(probe, i.billable()))
        .filter(i -> earlier.stream().noneMatch(s -> Projection.ends(s, i.billable())))
        .toList();
    Money perHour = ended.stream().map(AuditItem::perHour).reduce(Money.ZERO, Money::plus);
    Money perMonth = ended.stream().map(AuditItem::perMonth).reduce(Money.ZERO, Money::plus);
    return new TeardownStep(id, kind, target, kind.reversible(), ended.stream().map(AuditItem::billable).toList(),
        perHour, perMonth, preconditions(item, kind, id, dependsOn, audit, stopRule), dependsOn);
  }

  private static String preconditions(AuditItem item, TeardownStepKind kind, String stepId, List<String> dependsOn,
      Audit audit, StopRule stopRule) {
    Billable target = item.billable();
    String gotcha = item.gotchaId().map(g -> " (" + g + ")").orElse("");
    if (kind.reversible()) {
      return "reversible; runs when approved by id or with Approvals.reversibleOnly(); its block storage,"
          + " static IP and snapshots keep billing while it is off" + gotcha;
    }
    StringBuilder text = new StringBuilder("Iron Law: an approval naming '").append(stepId)
        .append("' and PULL_VERIFIED evidence matching the current manifest");
    switch (kind) {
      case DESTROY_MACHINE -> {
        List<String> disks = audit.items().stream()
            .filter(i -> i.billable().kind() == BillableKind.BLOCK_STORAGE)
            .filter(i -> i.billable().machineId().filter(target.id()::equals).isPresent())
            .map(i -> i.id() + i.billable().sizeGb().map(gb -> " " + gb + " GB").orElse(""))
            .toList();
        if (stopRule.irreversible()) {
          text.append("; on ").append(stopRule.platform()).append(" stopping is itself this irreversible step (")
              .append(stopRule.verb()).append("), so no reversible stop comes before it")
              .append(item.gotchaId().map(g -> " (" + g + ")").orElse(""));
        }
        if (!disks.isEmpty() || !stopRule.irreversible()) {
          text.append("; removes its block storage")
              .append(disks.isEmpty() ? "" : " (" + String.join(", ", disks) + ")")
              .append(" with no recovery");
        }
      }
      case RELEASE_PUBLIC_IP -> text.append("; the address cannot be got back");
      case DELETE_SNAPSHOT -> text.append("; durable data, deleted last; otherwise it survives the machine's"
          + " destroy and bills until deleted").append(gotcha);
      case DELETE_CUSTOM_TEMPLATE -> text.append("; the image cannot be recovered");
      case DELETE_SHARED_STORAGE -> text.append("; deletes every file on the drive, for every user of it");
      default -> { }
    }
    if (!dependsOn.isEmpty()) {
      text.append("; after ").append(String.join(", ", dependsOn));
    }
    if (!item.ours()) {
      text.append("; NOT in the launch ledger: planned only because it was named by id");
    }
    return text.toString();
  }
}
