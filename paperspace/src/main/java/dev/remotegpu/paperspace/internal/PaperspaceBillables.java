package dev.remotegpu.paperspace.internal;

import dev.remotegpu.core.Billable;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.MachineState;
import dev.remotegpu.core.cost.Money;
import dev.remotegpu.core.cost.Rate;
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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything in a Paperspace account that bills, priced: each machine's compute ({@code usageRate} per
 * hour, only while it runs) and its block storage ({@code storageRate}, read as dollars per month, billed
 * running or off: PS1), static IPs ($0.0045/h capped at $3.00/month, PS6) and dynamic IPs while their
 * machine runs, snapshots and shared drives ($0.29/GB/month, PS9), and custom templates (priced like
 * snapshots, on their default size). The API gives no snapshot size: the size of its machine's used disk
 * (else its whole disk) stands in for it.
 */
public final class PaperspaceBillables {
  /** The hourly price of a public IP. */
  public static final Money IP_PER_HOUR = Money.usd("0.0045");
  /** The monthly cap of a public IP. */
  public static final Money IP_MONTHLY_CAP = Money.usd("3.00");
  /** The monthly price of one GB of snapshot or shared storage. */
  public static final Money STORAGE_PER_GB_MONTH = Money.usd("0.29");

  private static final long GIB = 1024L * 1024 * 1024;

  private PaperspaceBillables() {
  }

  /** Lists and prices every billable resource in the account. */
  public static List<Billable> list(PaperspaceClient client) {
    List<Billable> out = new ArrayList<>();
    List<MachineJson> machines = client.listMachines(Map.of());
    Map<String, MachineJson> byId = machines.stream()
        .collect(Collectors.toMap(MachineJson::id, Function.identity(), (a, b) -> a));
    Set<String> listedIps = new HashSet<>();
    List<PublicIp> ips = client.listPublicIps(null);
    for (PublicIp ip : ips) {
      listedIps.add(ip.ip());
      out.add(new Billable(BillableKind.PUBLIC_IP, ip.ip(), ip.ip(), orUnknown(ip.region()),
          Optional.ofNullable(ip.assignedMachineId()), Optional.empty(),
          ip.assignedMachineId() == null ? "static, unassigned" : "static", Rate.hourlyCapped(IP_PER_HOUR,
          IP_MONTHLY_CAP)));
    }
    for (MachineJson m : machines) {
      MachineState state = PaperspaceMachine.state(m.state());
      String region = orUnknown(m.region());
      String name = m.name() == null ? m.id() : m.name();
      Rate compute = state.billsCompute() ? Rate.hourly(usd(m.usageRate())) : Rate.FREE;
      out.add(new Billable(BillableKind.MACHINE, m.id(), name, region, Optional.empty(), Optional.empty(),
          orUnknown(m.state()), compute));
      out.add(new Billable(BillableKind.BLOCK_STORAGE, diskId(m.id()), name + " disk", region, Optional.of(m.id()),
          gb(m.storageTotal()), orUnknown(m.state()), Rate.monthly(usd(m.storageRate()))));
      if (m.publicIp() != null && !listedIps.contains(m.publicIp())
          && PaperspaceMachine.ipType(m.publicIpType()) == dev.remotegpu.core.PublicIpType.DYNAMIC
          && state.billsCompute()) {
        out.add(new Billable(BillableKind.PUBLIC_IP, m.publicIp(), m.publicIp(), region, Optional.of(m.id()),
            Optional.empty(), "dynamic, while running", Rate.hourlyCapped(IP_PER_HOUR, IP_MONTHLY_CAP)));
      }
    }
    for (Snapshot s : client.listSnapshots(null)) {
      MachineJson m = s.machineId() == null ? null : byId.get(s.machineId());
      Optional<Long> size = m == null ? Optional.empty()
          : gb(m.storageUsed() != null && m.storageUsed() > 0 ? m.storageUsed() : m.storageTotal());
      out.add(new Billable(BillableKind.SNAPSHOT, s.id(), s.name() == null ? s.id() : s.name(),
          m == null ? "unknown" : orUnknown(m.region()), Optional.ofNullable(s.machineId()), size,
          size.isPresent() ? "stored" : "stored, size unknown", perGbMonth(size)));
    }
    for (SharedDrive d : client.listSharedDrives()) {
      Optional<Long> size = sharedDriveGb(d.size());
      out.add(new Billable(BillableKind.SHARED_STORAGE, d.id(), d.name() == null ? d.id() : d.name(),
          orUnknown(d.region()), Optional.empty(), size, "stored", perGbMonth(size)));
    }
    for (CustomTemplate t : client.listCustomTemplates()) {
      Optional<Long> size = t.defaultSizeGb() == null ? Optional.empty()
          : Optional.of((long) Math.ceil(t.defaultSizeGb()));
      out.add(new Billable(BillableKind.CUSTOM_TEMPLATE, t.id(), t.name() == null ? t.id() : t.name(),
          orUnknown(t.region()), Optional.ofNullable(t.parentMachineId()), size, "stored", perGbMonth(size)));
    }
    return List.copyOf(out);
  }

  /** The billable id of a machine's block storage (the API gives the disk no id of its own). */
  public static String diskId(String machineId) {
    return machineId + "-disk";
  }

  private static Rate perGbMonth(Optional<Long> sizeGb) {
    return sizeGb.map(gb -> Rate.monthly(STORAGE_PER_GB_MONTH.times(gb))).orElse(Rate.FREE);
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

  private static Money usd(Double amount) {
    if (amount == null || amount.isNaN() || amount <= 0) {
      return Money.ZERO;
    }
    return Money.usd(BigDecimal.valueOf(amount));
  }

  private static String orUnknown(String s) {
    return s == null || s.isBlank() ? "unknown" : s;
  }
}
