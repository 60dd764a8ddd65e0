package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.testfixtures.paperspace.SimSharedDrive;
import java.util.List;
import java.util.Optional;

/**
 * Private networks and the shared drives on them. A drive bills monthly storage by the hour until deleted; a
 * network cannot be deleted while a machine or a drive is on it.
 */
final class Storage {

  /** A private network. */
  static final class NetworkRec extends Row.Named {
    String region;
    String network;
  }

  /** A shared drive on a private network. */
  static final class DriveRec extends Row.Named {
    String region;
    long sizeGb;
    String networkId;
    String mountPoint;
    String username;
    String password;
  }

  private static final String DRIVE_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final AccountCore core;
  private final SettingsState settings;
  final NamedTable<NetworkRec> networks = new NamedTable<>("Private network", Codecs::network);
  final NamedTable<DriveRec> drives = new NamedTable<>("Shared drive", Codecs::drive);

  Storage(AccountCore core, SettingsState settings, NamedTable<Machines.MachineRec> machines) {
    this.core = core;
    this.settings = settings;
    networks.onDelete(n -> {
      if (machines.rows().stream().anyMatch(m -> n.id.equals(m.networkId))
          || drives.rows().stream().anyMatch(d -> n.id.equals(d.networkId))) {
        throw ApiError.badRequest("Private network " + n.id + " still has machines or shared drives on it");
      }
      return Codecs.idOnly("id", n.id);
    });
    drives.billHourly(core, BillableKind.SHARED_STORAGE,
        d -> Rate.monthly(Money.usd(Catalog.storagePricePerMonth(d.sizeGb))));
    drives.onDelete(d -> Codecs.idOnly("id", d.id));
  }

  ObjectNode listNetworks(Input query) {
    return networks.pageByName(networks.byNameAndRegion(query, n -> n.region), query);
  }

  ObjectNode createNetwork(Input in) {
    String name = in.requiredString("name", 1);
    in.optionalBoolean("migrateMachines");
    String region = in.requiredRegion();
    settings.requireGoodStanding("creating a private network");
    return networks.render(addNetwork(name, region));
  }

  private NetworkRec addNetwork(String name, String region) {
    NetworkRec n = new NetworkRec();
    n.id = core.lowerId("nw", 8);
    n.seq = core.nextSeq();
    n.name = name;
    n.region = region;
    n.network = "10." + (networks.size() % 200 + 20) + ".0.0";
    n.created = core.now();
    return networks.add(n);
  }

  ObjectNode listDrives(Input query) {
    return drives.pageByName(drives.byNameAndRegion(query, d -> d.region), query);
  }

  ObjectNode createDrive(Input in) {
    String name = in.requiredString("name", 1);
    double size = in.requiredSize("size");
    String networkId = in.requiredString("networkId", 1);
    String region = in.requiredRegion();
    NetworkRec network = network(networkId, region).orElse(null);
    if (network == null) {
      in.addIssue("networkId", "Private network not found in " + region + ": " + networkId);
    }
    in.check();
    settings.requireGoodStanding("creating a shared drive");
    return drives.render(addDrive(name, region, (long) Math.ceil(size), network));
  }

  private DriveRec addDrive(String name, String region, long sizeGb, NetworkRec network) {
    DriveRec d = new DriveRec();
    d.id = core.randomId("", 12, DRIVE_ID_ALPHABET);
    d.seq = core.nextSeq();
    d.name = name;
    d.region = region;
    d.sizeGb = sizeGb;
    d.networkId = network.id;
    d.mountPoint = "\\\\" + network.network.replaceAll("\\.0$", ".2") + "\\" + d.id;
    d.username = "user-" + core.lowerId("", 8);
    d.password = core.lowerId("", 16);
    d.created = core.now();
    return drives.add(d);
  }

  /** Adds a drive in {@code region}, on the region's first private network (made for it when there is none). */
  SimSharedDrive seedDrive(String name, String region, long sizeGb) {
    NetworkRec network = networks.rows().stream().filter(n -> n.region.equals(region)).findFirst()
        .orElseGet(() -> addNetwork("default-" + region, region));
    return view(addDrive(name, region, sizeGb, network));
  }

  /** The private network {@code id} if it is in {@code region}. */
  Optional<NetworkRec> network(String id, String region) {
    return networks.find(id).filter(n -> n.region.equals(region));
  }

  List<SimSharedDrive> views() {
    return drives.rows().stream().map(Storage::view).toList();
  }

  private static SimSharedDrive view(DriveRec d) {
    return new SimSharedDrive(d.id, d.name, d.region, d.sizeGb, d.networkId);
  }
}
