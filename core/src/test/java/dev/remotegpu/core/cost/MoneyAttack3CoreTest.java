package dev.remotegpu.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.platform.BilledHistory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Third round: the public BilledHistory/SpendMeter API makes an unpriced machine look priced (at nothing). */
class MoneyAttack3CoreTest {
  private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");
  private static final Rate DISK = Rate.hourly(Money.usd("0.10"));

  private static BilledHistory unpricedCompute() {
    return new BilledHistory("m", CREATED, Optional.empty(),
        List.of(new BilledHistory.Interval(CREATED, Optional.empty())), Rate.FREE, DISK,
        Set.of(BilledHistory.Part.COMPUTE));
  }

  /**
   * Failed before its fix. pricedWith(Rate.FREE, ...) (a caller, or a guard, that knows no rate) empties unpriced(): the history now
   * says compute is priced, at $0, and the filters of SpendMeter.ofAccount and RunSpend.estimate let it through as a
   * free machine.
   */
  @Test
  void pricingWithNothingMakesAnUnpricedMachineLookPricedAndFree() {
    BilledHistory filled = unpricedCompute().pricedWith(Rate.FREE, Rate.FREE);

    assertThat(filled.unpriced()).contains(BilledHistory.Part.COMPUTE);
  }

  /**
   * Failed before its fix. SpendMeter.estimate (public) takes a history whose compute is unpriced and reports four running hours
   * as disk only, with nothing in the SpendEstimate saying compute was left out: a spend report that hides.
   */
  @Test
  void anEstimateOfAnUnpricedHistoryReportsComputeAsZeroWithoutSayingSo() {
    BilledHistory history = unpricedCompute();
    Instant at = Instant.parse("2026-11-30T14:30:00Z");

    assertThatThrownBy(() -> SpendMeter.estimate(history, at, Optional.empty()))
        .as("an estimate that cannot price compute must not give a figure")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
