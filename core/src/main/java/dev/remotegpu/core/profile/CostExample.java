package dev.remotegpu.core.profile;

import dev.remotegpu.core.Money;
import java.util.Objects;

/**
 * A worked cost figure the platform documents, for example "a 2 TB block volume is about $120 a month".
 *
 * @param description what is being priced
 * @param approxPerMonth the approximate monthly charge
 */
public record CostExample(String description, Money approxPerMonth) {

  public CostExample {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(approxPerMonth, "approxPerMonth");
  }
}
