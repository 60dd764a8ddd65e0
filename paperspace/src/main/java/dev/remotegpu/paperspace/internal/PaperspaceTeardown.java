package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.launch.LaunchLedger;
import dev.remotegpu.core.teardown.TeardownPlan;
import dev.remotegpu.core.teardown.TeardownPlanner;
import dev.remotegpu.core.teardown.TeardownProgress;
import dev.remotegpu.core.teardown.TeardownRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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
   *
   * <p>The billables are listed here, through the same {@code client} the plan acts with (and listed again for the
   * re-audit): the Iron Law gates a snapshot, IP or template on the machine the account says it belongs to, so a
   * caller never hands over a list in which a resource could be said to belong to a machine whose checkpoints were
   * pulled.
   *
   * @param pricing prices what the client lists ({@code new PaperspaceBillables(profile.billing())})
   */
  public static TeardownPlan plan(PaperspaceClient client, Duration pollInterval, Duration deadline,
      TeardownProgress progress, PaperspaceBillables pricing, LaunchLedger ledger,
      Function<BillableKind, Optional<String>> gotchaIds, TeardownRequest request, String accountKey) {
    Objects.requireNonNull(pricing, "pricing");
    PaperspaceResources actions = new PaperspaceResources(client, pollInterval, deadline, progress);
    return TeardownPlanner.plan(pricing.list(client), ledger, gotchaIds, request, actions, () -> pricing.list(client),
        accountKey);
  }
}
