package dev.remotegpu.testfixtures.paperspace.internal;

import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.testfixtures.paperspace.Charge;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-resource ledger of the billing meter; not thread-safe, used under the account's lock. */
final class Meter {

  private static final class Accrual {
    final BillableKind kind;
    final String id;
    Money total = Money.ZERO;
    YearMonth month;
    Money monthTotal = Money.ZERO;

    Accrual(BillableKind kind, String id) {
      this.kind = kind;
      this.id = id;
    }
  }

  private final Map<String, Accrual> accruals = new LinkedHashMap<>();

  /** Charges one hour (the hour starting at {@code hourStart}) at {@code rate}, its monthly cap applied. */
  void chargeHour(BillableKind kind, String id, Rate rate, Instant hourStart) {
    Accrual accrual = accruals.computeIfAbsent(kind + "/" + id, k -> new Accrual(kind, id));
    YearMonth month = YearMonth.from(hourStart.atZone(ZoneOffset.UTC));
    if (!month.equals(accrual.month)) {
      accrual.month = month;
      accrual.monthTotal = Money.ZERO;
    }
    Money amount = rate.perHour();
    if (rate.monthlyCap().isPresent()) {
      Money cap = rate.monthlyCap().get();
      Money room = cap.compareTo(accrual.monthTotal) > 0
          ? Money.usd(cap.amount().subtract(accrual.monthTotal.amount()))
          : Money.ZERO;
      amount = amount.min(room);
    }
    accrual.monthTotal = accrual.monthTotal.plus(amount);
    accrual.total = accrual.total.plus(amount);
  }

  List<Charge> charges() {
    List<Charge> list = new ArrayList<>();
    for (Accrual accrual : accruals.values()) {
      list.add(new Charge(accrual.kind, accrual.id, accrual.total));
    }
    return list;
  }

  Money accrued(BillableKind kind, String id) {
    Accrual accrual = accruals.get(kind + "/" + id);
    return accrual == null ? Money.ZERO : accrual.total;
  }

  Money total(BillableKind kind) {
    Money sum = Money.ZERO;
    for (Accrual accrual : accruals.values()) {
      if (accrual.kind == kind) {
        sum = sum.plus(accrual.total);
      }
    }
    return sum;
  }

  Money total() {
    Money sum = Money.ZERO;
    for (Accrual accrual : accruals.values()) {
      sum = sum.plus(accrual.total);
    }
    return sum;
  }
}
