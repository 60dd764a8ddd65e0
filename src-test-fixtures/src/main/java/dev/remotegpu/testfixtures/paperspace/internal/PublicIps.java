package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.testfixtures.paperspace.SimPublicIp;
import java.util.List;
import java.util.Optional;

/**
 * Static public IPs: claimed (billing hourly up to a monthly cap until released), assigned to a machine in the
 * same region, unassigned, released. The table is keyed by the address.
 */
final class PublicIps {

  /** A claimed static IP; its id is the address. */
  static final class IpRec extends Row {
    String region;
    String machineId;
  }

  private final AccountCore core;
  private final SettingsState settings;
  private final NamedTable<Machines.MachineRec> machines;
  final ResourceTable<IpRec> table = new ResourceTable<>("Public IP", Codecs::publicIp);

  PublicIps(AccountCore core, SettingsState settings, NamedTable<Machines.MachineRec> machines) {
    this.core = core;
    this.settings = settings;
    this.machines = machines;
    table.billHourly(core, BillableKind.PUBLIC_IP,
        ip -> Rate.hourlyCapped(Money.usd(Catalog.STATIC_IP_PER_HOUR), Money.usd(Catalog.STATIC_IP_MONTHLY_CAP)));
    table.onDelete(ip -> {
      detach(ip);
      return Codecs.idOnly("ip", ip.id);
    });
  }

  /** Claims a new address in {@code region}, assigned to {@code machineId} or (null) to none. */
  IpRec claim(String region, String machineId) {
    IpRec ip = new IpRec();
    ip.id = core.nextPublicIp();
    ip.seq = core.nextSeq();
    ip.region = region;
    ip.machineId = machineId;
    ip.created = core.now();
    return table.add(ip);
  }

  ObjectNode list(Input query) {
    Optional<String> region = query.optionalString("region").map(r -> Catalog.region(r).orElse(r));
    return table.page(table.rows().stream()
        .filter(ip -> region.isEmpty() || ip.region.equalsIgnoreCase(region.get())).toList(), query);
  }

  ObjectNode claim(Input in) {
    String region = in.requiredRegion();
    settings.requireGoodStanding("claiming a public IP");
    return table.render(claim(region, null));
  }

  /** PUT: assigns the address to a machine in its region, or with a null machine id unassigns it. */
  ObjectNode assign(String address, Input in) {
    Optional<String> machineId = in.requiredNullableString("machineId");
    in.check();
    IpRec ip = table.get(address);
    if (machineId.isEmpty()) {
      detach(ip);
      return table.render(ip);
    }
    Machines.MachineRec m = machines.get(machineId.get());
    if (!m.region.equals(ip.region)) {
      throw ApiError.badRequest("Public IP " + address + " is in " + ip.region + " but machine " + m.id
          + " is in " + m.region + "; they must be in the same region");
    }
    if (ip.machineId != null && !ip.machineId.equals(m.id)) {
      throw ApiError.badRequest("Public IP " + address + " is already assigned to machine " + ip.machineId);
    }
    if (m.publicIpType.equals("static") && m.publicIp != null && !m.publicIp.equals(address)) {
      table.find(m.publicIp).ifPresent(previous -> previous.machineId = null);
    }
    ip.machineId = m.id;
    m.publicIpType = "static";
    m.publicIp = ip.id;
    m.modified = core.now();
    return table.render(ip);
  }

  private void detach(IpRec ip) {
    if (ip.machineId != null) {
      machines.find(ip.machineId).filter(m -> ip.id.equals(m.publicIp)).ifPresent(m -> {
        m.publicIp = null;
        m.publicIpType = "none";
        m.modified = core.now();
      });
      ip.machineId = null;
    }
  }

  /**
   * Unassigns every address of machine {@code machineId}; with {@code release} they also leave the account
   * (a machine whose create failed never really had them).
   */
  void unassignFrom(String machineId, boolean release) {
    for (IpRec ip : List.copyOf(table.rows())) {
      if (machineId.equals(ip.machineId)) {
        ip.machineId = null;
        if (release) {
          table.remove(ip);
        }
      }
    }
  }

  List<SimPublicIp> views() {
    return table.rows().stream().map(PublicIps::view).toList();
  }

  static SimPublicIp view(IpRec ip) {
    return new SimPublicIp(ip.id, ip.region, Optional.ofNullable(ip.machineId), ip.created);
  }
}
