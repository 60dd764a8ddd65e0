package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.PublicIpType;
import dev.remotegpu.core.Rate;
import dev.remotegpu.core.profile.Billing;
import dev.remotegpu.paperspace.internal.ApiTypes.CustomTemplate;
import dev.remotegpu.paperspace.internal.ApiTypes.MachineJson;
import dev.remotegpu.paperspace.internal.ApiTypes.PublicIp;
import dev.remotegpu.paperspace.internal.ApiTypes.SharedDrive;
import dev.remotegpu.paperspace.internal.ApiTypes.Snapshot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything in a Paperspace account that bills, priced: each machine's compute ({@code usageRate} per
 * hour, only while it runs; rule {@code compute}) and its block storage ({@code storageRate}, read as dollars
 * per month, billed running or off: PS1, rule {@code block-storage}), static IPs ($0.0045/h capped at
 * $3.00/month, rule {@code static-public-ip}; also one that only its machine names, and one whose type the
 * machine does not say, priced unknown), dynamic IPs while their machine runs (no published price: shown
 * as unknown, never released by a step, rule {@code dynamic-public-ip}), snapshots and shared drives
 * ($0.29/GB/month, PS9, rules {@code snapshot} and {@code notebook-storage}), and custom templates (priced like
 * snapshots, on their default size). A price the API or the profile cannot give is marked unknown with the
 * reason, never priced $0.00. Rates come from the profile's billing rules. The API gives no snapshot
 * size: the size of its machine's used disk (else its whole disk), as last seen by this instance, stands in for
 * it, so a snapshot that outlives its machine keeps its price; one whose machine was never seen is listed with
 * its size unknown.
 */
public final class PaperspaceBillables {
  private static final long GIB = 1024L * 1024 * 1024;
  private static final Optional<String> KNOWN = Optional.empty();
  // The profile's billing rules (the seed facts of section 5) each price comes from.
  private static final Optional<String> COMPUTE = Optional.of("compute");
  private static final Optional<String> BLOCK_STORAGE = Optional.of("block-storage");
  private static final Optional<String> STATIC_IP = Optional.of("static-public-ip");
  private static final Optional<String> DYNAMIC_IP = Optional.of("dynamic-public-ip");
  private static final Optional<String> SNAPSHOT = Optional.of("snapshot");
  private static final Optional<String> SHARED_STORAGE = Optional.of("notebook-storage");

  private final Rate publicIp;
  private final Money storagePerGbMonth;
  /**
   * The disk size of every machine seen, so that a snapshot keeps its price after its machine is destroyed:
   * that orphan is exactly the bill PS9 warns of, and the API gives snapshots no size of their own.
   */
  private final Map<String, Long> diskGbSeen = new ConcurrentHashMap<>();

  /** Prices from the profile's billing rules: the static IP's capped hourly rate, snapshot storage per GB. */
  public PaperspaceBillables(Billing billing) {
    this.publicIp = billing.rule("static-public-ip").hourly().orElseThrow(
        () -> new IllegalStateException("the profile's static-public-ip rule has no hourly rate"));
    this.storagePerGbMonth = billing.rule("snapshot").perGbMonth().orElseThrow(
        () -> new IllegalStateException("the profile's snapshot rule has no per-GB monthly price"));
  }

  /** Lists and prices every billable resource in the account. */
  public List<Billable> list(PaperspaceClient client) {
    List<Billable> out = new ArrayList<>();
    List<MachineJson> machines = client.listMachines(Map.of());
    Map<String, MachineJson> byId = machines.stream()
        .collect(Collectors.toMap(MachineJson::id, Function.identity(), (a, b) -> a));
    Set<String> listedIps = new HashSet<>();
    List<PublicIp> ips = client.listPublicIps(null);
    for (PublicIp ip : ips) {
      // GET /public-ips lists the claimed (static) addresses only; a dynamic IP is a machine's field.
      listedIps.add(ip.ip());
      out.add(new Billable(BillableKind.PUBLIC_IP, ip.ip(), ip.ip(), orUnknown(ip.region()),
          Optional.ofNullable(ip.assignedMachineId()), Optional.empty(),
          ip.assignedMachineId() == null ? "static, unassigned" : "static", publicIp, STATIC_IP, KNOWN));
    }
    for (MachineJson m : machines) {
      MachineState state = PaperspaceMachine.state(m.state());
      String region = orUnknown(m.region());
      String name = m.name() == null ? m.id() : m.name();
      Optional<Money> usage = usd(m.usageRate());
      Rate compute = state.billsCompute() ? usage.map(Rate::hourly).orElse(Rate.FREE) : Rate.FREE;
      Optional<String> computeUnknown = state.billsCompute() && usage.isEmpty()
          ? Optional.of("the API gave no usageRate for this machine") : KNOWN;
      out.add(new Billable(BillableKind.MACHINE, m.id(), name, region, Optional.empty(), Optional.empty(),
          orUnknown(m.state()), compute, COMPUTE, computeUnknown));
      Optional<Money> disk = usd(m.storageRate());
      out.add(new Billable(BillableKind.BLOCK_STORAGE, diskId(m.id()), name + " disk", region, Optional.of(m.id()),
          gb(m.storageTotal()), orUnknown(m.state()), disk.map(Rate::monthly).orElse(Rate.FREE), BLOCK_STORAGE,
          disk.isPresent() ? KNOWN : Optional.of("the API gave no storageRate for this machine")));
      if (m.publicIp() != null && !m.publicIp().isBlank() && listedIps.add(m.publicIp())) {
        PublicIpType type = PaperspaceMachine.ipType(m.publicIpType());
        if (type == PublicIpType.DYNAMIC) {
          if (state.billsCompute()) {
            out.add(new Billable(BillableKind.DYNAMIC_PUBLIC_IP, m.publicIp(), m.publicIp(), region,
                Optional.of(m.id()), Optional.empty(), "dynamic, while running", Rate.FREE, DYNAMIC_IP,
                Optional.of("no published price; charged only while machine " + m.id() + " runs")));
          }
        } else if (type == PublicIpType.STATIC) {
          // static by the machine's own word, though GET /public-ips did not list it: it bills until released
          out.add(new Billable(BillableKind.PUBLIC_IP, m.publicIp(), m.publicIp(), region, Optional.of(m.id()),
              Optional.empty(), "static, not in GET /public-ips", publicIp, STATIC_IP, KNOWN));
        } else {
          out.add(new Billable(BillableKind.PUBLIC_IP, m.publicIp(), m.publicIp(), region, Optional.of(m.id()),
              Optional.empty(), "type unknown", Rate.FREE, STATIC_IP, Optional.of("machine " + m.id()
                  + " has this address with publicIpType " + (m.publicIpType() == null ? "absent" : "'"
                  + m.publicIpType() + "'") + " and GET /public-ips does not list it: a static IP bills "
                  + publicIp.perMonth().toDisplayString() + "/month until released, a dynamic one while the"
                  + " machine runs")));
        }
      }
    }
    for (MachineJson m : machines) {
      gb(m.storageUsed() != null && m.storageUsed() > 0 ? m.storageUsed() : m.storageTotal())
          .ifPresent(size -> diskGbSeen.put(m.id(), size));
    }
    for (Snapshot s : client.listSnapshots(null)) {
      MachineJson m = s.machineId() == null ? null : byId.get(s.machineId());
      Optional<Long> size = s.machineId() == null ? Optional.empty()
          : Optional.ofNullable(diskGbSeen.get(s.machineId()));
      out.add(new Billable(BillableKind.SNAPSHOT, s.id(), s.name() == null ? s.id() : s.name(),
          m == null ? "unknown" : orUnknown(m.region()), Optional.ofNullable(s.machineId()), size,
          size.isPresent() ? "stored" : "stored, size unknown", perGbMonth(size), SNAPSHOT,
          sizeUnknown(size, "no size in the API, machine " + (s.machineId() == null ? "(none)" : s.machineId())
              + " never seen")));
    }
    for (SharedDrive d : client.listSharedDrives()) {
      Optional<Long> size = sharedDriveGb(d.size());
      out.add(new Billable(BillableKind.SHARED_STORAGE, d.id(), d.name() == null ? d.id() : d.name(),
          orUnknown(d.region()), Optional.empty(), size, "stored", perGbMonth(size), SHARED_STORAGE,
          sizeUnknown(size, "the API gave no size for this drive")));
    }
    for (CustomTemplate t : client.listCustomTemplates()) {
      Optional<Long> size = t.defaultSizeGb() == null ? Optional.empty()
          : Optional.of((long) Math.ceil(t.defaultSizeGb()));
      out.add(new Billable(BillableKind.CUSTOM_TEMPLATE, t.id(), t.name() == null ? t.id() : t.name(),
          orUnknown(t.region()), Optional.ofNullable(t.parentMachineId()), size, "stored", perGbMonth(size),
          SNAPSHOT, sizeUnknown(size, "the API gave no default size for this template")));
    }
    return List.copyOf(out);
  }

  private Optional<String> sizeUnknown(Optional<Long> size, String why) {
    return size.isPresent() ? KNOWN
        : Optional.of("size unknown (" + why + "), " + storagePerGbMonth.toDisplayString() + "/GB/month");
  }

  /** The billable id of a machine's block storage (the API gives the disk no id of its own). */
  public static String diskId(String machineId) {
    return machineId + "-disk";
  }

  /** A size-priced resource of unknown size is priced at the lower bound nothing, and marked unknown. */
  private Rate perGbMonth(Optional<Long> sizeGb) {
    return sizeGb.map(gb -> Rate.monthly(storagePerGbMonth.times(gb))).orElse(Rate.FREE);
  }

  /** Shared-drive sizes have no documented unit: values over 100 000 are read as bytes, smaller ones as GB. */
  static Optional<Long> sharedDriveGb(Long size) {
    if (size == null || size <= 0) {
      return Optional.empty();
    }
    return size > 100_000 ? gb(size) : Optional.of(size);
  }

  private static Optional<Long> gb(Long bytes) {
    if (bytes == null || bytes <= 0) {
      return Optional.empty();
    }
    return Optional.of((bytes + GIB - 1) / GIB);
  }

  /** A price the API gave; none when it gave no positive number (an absent price is unknown, not free). */
  private static Optional<Money> usd(Double amount) {
    if (amount == null || amount.isNaN() || amount <= 0) {
      return Optional.empty();
    }
    return Optional.of(Money.usd(BigDecimal.valueOf(amount)));
  }

  private static String orUnknown(String s) {
    return s == null || s.isBlank() ? "unknown" : s;
  }
}
