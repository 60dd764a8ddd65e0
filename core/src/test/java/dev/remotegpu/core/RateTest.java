package dev.remotegpu.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateTest {

  @Test
  void monthlyPriceComesBackExactly() {
    assertThat(Rate.monthly(Money.usd("10")).perMonth()).isEqualTo(Money.usd("10"));
    assertThat(Rate.monthly(Money.usd("0.29")).perMonth()).isEqualTo(Money.usd("0.29"));
  }

  @Test
  void staticIpRateIsCappedAtThreeDollarsAMonth() {
    Rate ip = Rate.hourlyCapped(Money.usd("0.0045"), Money.usd("3.00"));
    // 730 h x $0.0045 = $3.285, capped to $3.00
    assertThat(ip.perMonth()).isEqualTo(Money.usd("3"));
    assertThat(ip.forHours(100)).isEqualTo(Money.usd("0.45"));
  }

  @Test
  void uncappedRateMultipliesExactly() {
    assertThat(Rate.hourly(Money.usd("0.76")).perMonth()).isEqualTo(Money.usd("554.8"));
  }

  @Test
  void moneyRefusesNegativeAndNamesBadInput() {
    assertThatThrownBy(() -> Money.usd("-1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Money.usd("abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'abc'");
    assertThat(Money.usd("0.10").toDisplayString()).isEqualTo("$0.10");
  }
}
