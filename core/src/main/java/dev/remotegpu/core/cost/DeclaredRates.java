package dev.remotegpu.core.cost;

import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The rates you expect a machine type to cost, declared by you because the platform gives no price before launch
 * (a platform may price a machine only once it is created, and a box you own has no price API). Used
 * for the spend-ahead estimate shown before launch, always labelled as an estimate from your declared rate.
 *
 * @param compute what the machine costs per hour while it runs
 * @param storage what its disk costs (monthly rates are charged per hour)
 */
public record DeclaredRates(Rate compute, Rate storage) {

  public DeclaredRates {
    Objects.requireNonNull(compute, "compute");
    Objects.requireNonNull(storage, "storage");
  }

  /**
   * What running {@code window} (the auto-shutdown window) from {@code start} costs at these rates, billed by whole
   * clock hours, and per extra hour, as one line for reports.
   */
  public String forecast(Instant start, Duration window) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(window, "window");
    long hours = SpendMeter.billedHours(window);
    Money cost = SpendMeter.forecast(compute, storage, start, hours);
    return "estimated before launch: " + cost.toDisplayString() + " if it runs the whole " + window.toHours()
        + " h auto-shutdown window, " + compute.perHour().plus(storage.perHour()).toDisplayString()
        + " per extra hour (" + compute.perHour().toDisplayString() + "/h compute + disk; estimate from your"
        + " declared rate: the platform gives machine types no price before launch)";
  }
}
