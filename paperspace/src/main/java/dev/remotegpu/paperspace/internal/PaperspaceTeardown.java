package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownPlanner;
import dev.remotegpu.core.teardown.TeardownProgress;
import dev.remotegpu.core.teardown.TeardownRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The only way to Paperspace's irreversible actions: a teardown plan, whose execution asks for an approval of each
 * step and Iron Law evidence. The actions themselves ({@code PaperspaceResources}, the client's delete calls) are
 * package-private, so no public method reaches them around a plan.
 */
public final class PaperspaceTeardown {
  private PaperspaceTeardown() {}

  /**
   * Plans {@code request} over the account {@code client} reaches; nothing runs until the plan is executed. An
   * executed stop is awaited until OFF and a destroy until gone, up to {@code deadline} on the client's time
   * source, polling every {@code pollInterval} and reporting each poll to {@code progress}.
   */
  public static TeardownPlan plan(PaperspaceClient client, Duration pollInterval, Duration deadline,
      TeardownProgress progress, List<Billable> billables, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds, TeardownRequest request, Supplier<List<Billable>> reaudit,
      String accountKey) {
    PaperspaceResources actions = new PaperspaceResources(client, pollInterval, deadline, progress);
    return TeardownPlanner.plan(billables, ledger, gotchaIds, request, actions, reaudit, accountKey);
  }
}
