package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.Money;
import dev.remotegpu.core.NotFoundException;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.platform.BilledHistory;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineEvent;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A machine's billed history from its machine events ({@code GET /machine-events?machineId=}): a {@code create}
 * or {@code start} opens a running interval at its start (the provisioning minutes are counted, so the estimate
 * errs high, never low), a {@code stop} (the auto-shutdown's included) or {@code vm-shutdown-force} that ended
 * {@code done} closes it when it finished (OFF), a {@code deactivate} deletes the machine; a {@code create} that
 * ended in {@code error} never ran. Rates are the machine's {@code usageRate} (per hour) and {@code storageRate}
 * (per month), remembered per machine so a destroyed machine keeps its price; one the API leaves out (or gives as
 * zero) is unpriced in the history, not free.
 */
public final class PaperspaceSpend {

  private record Rates(Rate compute, Rate storage, Set<BilledHistory.Part> unpriced) {

    /**
     * These rates (just read) with what {@code earlier} reads knew: a part this read leaves unpriced keeps its
     * earlier price, and a part priced both times keeps the higher one, so hours billed at a dearer rate (before a
     * change of machine type) are never counted at a cheaper one: the history errs high, never low.
     */
    Rates andEarlier(Rates earlier) {
      Set<BilledHistory.Part> stillUnpriced = EnumSet.noneOf(BilledHistory.Part.class);
      Rate c = higher(compute, BilledHistory.Part.COMPUTE, earlier.compute, earlier, stillUnpriced);
      Rate st = higher(storage, BilledHistory.Part.STORAGE, earlier.storage, earlier, stillUnpriced);
      return new Rates(c, st, stillUnpriced);
    }

    private Rate higher(Rate now, BilledHistory.Part part, Rate before, Rates earlier,
        Set<BilledHistory.Part> stillUnpriced) {
      boolean nowPriced = !unpriced.contains(part);
      boolean beforePriced = !earlier.unpriced.contains(part);
      if (!nowPriced && !beforePriced) {
        stillUnpriced.add(part);
        return now;
      }
      if (!nowPriced) {
        return before;
      }
      if (!beforePriced) {
        return now;
      }
      return now.perHour().compareTo(before.perHour()) >= 0 ? now : before;
    }
  }

  private final Map<String, Rates> ratesSeen = new ConcurrentHashMap<>();

  /**
   * The machine's history, or empty when its rates were never seen (the machine is gone and was never read); a rate
   * the API does not give is in {@link BilledHistory#unpriced()}.
   */
  public Optional<BilledHistory> history(PaperspaceClient client, String machineId) {
    Objects.requireNonNull(machineId, "machineId");
    Optional<MachineJson> machine;
    try {
      machine = Optional.of(client.getMachine(machineId));
    } catch (NotFoundException e) {
      machine = Optional.empty();
    }
    machine.ifPresent(m -> ratesSeen.merge(machineId, rates(m), Rates::andEarlier));
    Rates rates = ratesSeen.get(machineId);
    if (rates == null) {
      return Optional.empty();
    }
    List<MachineEvent> events = new ArrayList<>(client.listEvents(machineId));
    events.sort(Comparator.comparing((MachineEvent e) -> at(e.dtCreated()).orElse(Instant.EPOCH)));
    Optional<Instant> created = machine.flatMap(m -> at(m.dtCreated()));
    Optional<Instant> deleted = Optional.empty();
    List<BilledHistory.Interval> running = new ArrayList<>();
    Instant openFrom = null;
    Optional<Instant> lastEvent = Optional.empty();
    for (MachineEvent event : events) {
      Instant began = at(event.dtStarted()).or(() -> at(event.dtCreated())).orElse(null);
      if (began == null) {
        continue;
      }
      Instant ended = at(event.dtFinished()).filter(began::isBefore).orElse(began);
      lastEvent = lastEvent.filter(ended::isBefore).or(() -> Optional.of(ended));
      switch (String.valueOf(event.name())) {
        case "create" -> {
          created = created.or(() -> at(event.dtCreated()));
          if (!"error".equals(event.state()) && openFrom == null) {
            openFrom = began;
          }
        }
        case "start" -> openFrom = openFrom == null ? began : openFrom;
        case "stop", "vm-shutdown-force" -> {
          Optional<Instant> off = at(event.dtFinished());
          if (openFrom != null && "done".equals(event.state()) && off.isPresent()) {
            running.add(new BilledHistory.Interval(openFrom, off));
            openFrom = null;
          }
        }
        case "deactivate" -> deleted = Optional.of(began);
        default -> { }
      }
    }
    if (openFrom == null && deleted.isEmpty() && machine.filter(m -> !"off".equals(m.state())).isPresent()) {
      // The machine says it is not off, but its events do not show the start yet (they lag, or the start came
      // under a name not read here): it bills from its last event on, so the history errs high, never low.
      openFrom = lastEvent.isPresent() ? lastEvent.get() : created.orElse(null);
    }
    if (openFrom != null) {
      running.add(new BilledHistory.Interval(openFrom, deleted));
    }
    Instant createdAt = created.orElse(running.isEmpty() ? null : running.get(0).from());
    if (createdAt == null) {
      return Optional.empty();
    }
    return Optional.of(new BilledHistory(machineId, createdAt, deleted, running, rates.compute(), rates.storage(),
        rates.unpriced()));
  }

  /**
   * The machine's rates; a missing or zero {@code usageRate} or {@code storageRate} is unpriced, not free (the
   * API's own example machine says {@code "storageRate":0.0}, and a disk is never free on Paperspace: PS9).
   */
  private static Rates rates(MachineJson m) {
    Set<BilledHistory.Part> unpriced = EnumSet.noneOf(BilledHistory.Part.class);
    Rate compute = Rate.FREE;
    if (m.usageRate() == null || m.usageRate() <= 0) {
      unpriced.add(BilledHistory.Part.COMPUTE);
    } else {
      compute = Rate.hourly(Money.usd(BigDecimal.valueOf(m.usageRate())));
    }
    Rate storage = Rate.FREE;
    if (m.storageRate() == null || m.storageRate() <= 0) {
      unpriced.add(BilledHistory.Part.STORAGE);
    } else {
      storage = Rate.monthly(Money.usd(BigDecimal.valueOf(m.storageRate())));
    }
    return new Rates(compute, storage, unpriced);
  }

  private static Optional<Instant> at(String raw) {
    return PaperspaceMachine.instant(raw);
  }
}
