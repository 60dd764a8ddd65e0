package dev.remotegpu.core.teardown;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.profile.PlatformFacts;
import dev.remotegpu.core.profile.PlatformProfile;
import dev.remotegpu.core.teardown.internal.Planner;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The entry point that turns what bills and what the caller wants into a {@link TeardownPlan}.
 *
 * <pre>{@code
 * TeardownPlan plan = TeardownPlanner.plan(platform.billables(), ledger, profile::gotchaIdFor,
 *     TeardownRequest.destroyEverythingOfRun("run-42"), actions, platform::billables);
 * System.out.println(plan.render());                     // steps, what each ends, what still bills
 * ExecutionReport report = plan.execute(Approvals.of("destroy-machine:psm123"), Optional.of(evidence));
 * }</pre>
 *
 * <p>What the planner expects of the billables (for platform implementers): a machine's rate is its own
 * (compute) rate in its current state, zero once it is off; its block storage is a separate
 * {@code BLOCK_STORAGE} billable whose {@code machineId} names it; a public IP, snapshot or template
 * names in {@code machineId} the machine it is attached to or was made from. Ownership follows that link.
 */
public final class TeardownPlanner {

  private TeardownPlanner() {}

  /**
   * Audits the billables and plans the request. Nothing is executed here.
   *
   * @param billables everything that bills, priced by the platform
   * @param ledger the launch ledger that tells ours from unknown
   * @param gotchaIds the gotcha explaining each kind of billable (pass {@code profile::gotchaIdFor})
   * @param request what to tear down
   * @param actions the platform's actions, called by {@link TeardownPlan#execute} for allowed steps
   * @param reaudit lists the billables again after an execution (pass {@code platform::billables})
   * @throws dev.remotegpu.core.ValidationException when the request names an id the audit does not hold,
   *     asks to destroy everything of a machine that is not ours, or names block storage on its own
   */
  public static TeardownPlan plan(List<Billable> billables, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds, TeardownRequest request, ResourceActions actions,
      Supplier<List<Billable>> reaudit) {
    return plan(billables, ledger, gotchaIds, request, actions, reaudit,
        "unbound-plan@" + Integer.toHexString(System.identityHashCode(Objects.requireNonNull(actions, "actions"))));
  }

  /**
   * As {@link #plan(List, LaunchLedger, Function, TeardownRequest, ResourceActions, Supplier)}, for the account
   * {@code accountKey} names ({@link dev.remotegpu.core.AccountView#accountKey()}): only evidence made on that account
   * lets an irreversible step run. A plan made without an account key accepts no evidence at all.
   */
  public static TeardownPlan plan(List<Billable> billables, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds, TeardownRequest request, ResourceActions actions,
      Supplier<List<Billable>> reaudit, String accountKey) {
    Objects.requireNonNull(billables, "billables");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(gotchaIds, "gotchaIds");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(reaudit, "reaudit");
    Objects.requireNonNull(accountKey, "accountKey");
    return Planner.plan(billables, ledger, gotchaIds, request, actions, reaudit, accountKey);
  }

  /**
   * As {@link #plan(List, LaunchLedger, Function, TeardownRequest, ResourceActions, Supplier, String)}, per the
   * platform's profile: its gotcha ids ({@link PlatformProfile#gotchaIdFor(BillableKind)}) and its meter stop. Where
   * {@code profile.facts().meterStopIrreversible()}, no reversible stop is planned before a destroy (the destroy
   * step says that stopping is itself the irreversible step) and a stop-only request is refused, saying so.
   */
  public static TeardownPlan plan(List<Billable> billables, LaunchLedger ledger, PlatformProfile profile,
      TeardownRequest request, ResourceActions actions, Supplier<List<Billable>> reaudit, String accountKey) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(billables, "billables");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(reaudit, "reaudit");
    Objects.requireNonNull(accountKey, "accountKey");
    PlatformFacts facts = profile.facts();
    return Planner.plan(billables, ledger, profile::gotchaIdFor,
        new Planner.StopRule(profile.platform(), facts.meterStopVerb(), facts.meterStopIrreversible()), request,
        actions, reaudit, accountKey);
  }
}
