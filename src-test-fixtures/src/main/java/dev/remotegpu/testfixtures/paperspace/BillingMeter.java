package dev.remotegpu.testfixtures.paperspace;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import java.util.List;

/**
 * The simulated account's bill. At every whole hour of the clock each resource is charged one hour: compute
 * ({@code usageRate}) for a machine that was in a running state at any moment of that hour; block storage for
 * every machine that exists (running or off); static IPs at $0.0045/h capped at $3.00 per calendar month;
 * snapshots and shared drives at $0.29/GB/month spread over 730 h and capped at that per month. Disk prices are
 * the simulator's monthly {@code storageRate}, spread and capped the same way. These are simulator values, not
 * quoted prices.
 */
public interface BillingMeter {

  /** Every resource charged so far, including ones since deleted, in the order they were first charged. */
  List<Charge> charges();

  /** What one resource of one kind has accrued; zero when it was never charged. */
  Money accrued(BillableKind kind, String resourceId);

  /** The sum over all resources of one kind. */
  Money total(BillableKind kind);

  /** The whole bill so far. */
  Money total();
}
