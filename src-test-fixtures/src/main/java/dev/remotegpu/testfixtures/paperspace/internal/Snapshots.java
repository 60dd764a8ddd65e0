package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Money;
import dev.remotegpu.core.Rate;
import dev.remotegpu.testfixtures.paperspace.SimSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * Snapshots: taken of a machine (and deleted with it unless the settings say they survive), or orphans whose
 * machine is gone; each bills monthly storage by the hour until deleted.
 */
final class Snapshots {

  /** A snapshot; {@code linked} when it belongs to a machine that deletes it. */
  static final class SnapshotRec extends Row.Named {
    String machineId;
    boolean linked;
    long sizeGb;
  }

  private final AccountCore core;
  private final SettingsState settings;
  private final MachineEvents events;
  private final Machines machines;
  final NamedTable<SnapshotRec> table = new NamedTable<>("Snapshot", Codecs::snapshot);

  Snapshots(AccountCore core, SettingsState settings, MachineEvents events, Machines machines) {
    this.core = core;
    this.settings = settings;
    this.events = events;
    this.machines = machines;
    table.billHourly(core, BillableKind.SNAPSHOT,
        s -> Rate.monthly(Money.usd(Catalog.storagePricePerMonth(s.sizeGb))));
    table.onDelete(s -> events.answerQuickly(table.render(s),
        events.create("snapshot-delete", s.linked ? s.machineId : null)));
  }

  ObjectNode list(Input query) {
    Optional<String> machineId = query.optionalString("machineId");
    return table.pageByName(table.rows().stream()
        .filter(s -> machineId.isEmpty() || machineId.get().equals(s.machineId)).toList(), query);
  }

  ObjectNode create(Input in) {
    Machines.Source source = machines.source(in, 0, "creating a snapshot");
    Machines.MachineRec m = source.machine();
    SnapshotRec s = add(source.name(), m.id, true, m.diskGb);
    return events.answerQuickly(table.render(s), events.create("snapshot-create", m.id));
  }

  ObjectNode restore(String id, Input in) {
    in.optionalBoolean("createSnapshotBeforeRestore");
    in.check();
    SnapshotRec s = table.get(id);
    Machines.MachineRec m = s.linked ? machines.table.find(s.machineId).orElse(null) : null;
    if (m == null) {
      throw ApiError.badRequest("Snapshot " + id + " has no machine to restore to");
    }
    settings.requireGoodStanding("restoring a snapshot");
    return events.answerQuickly(table.render(s), events.create("snapshot-restore", m.id));
  }

  SnapshotRec add(String name, String machineId, boolean linked, long sizeGb) {
    SnapshotRec s = new SnapshotRec();
    s.id = core.lowerId("s", 14);
    s.seq = core.nextSeq();
    s.name = name;
    s.machineId = machineId;
    s.linked = linked;
    s.sizeGb = sizeGb;
    s.created = core.now();
    return table.add(s);
  }

  /** Adds a snapshot of {@code machineId}, or with none an orphan under a machine id that no longer exists. */
  SimSnapshot seed(Optional<String> machineId, String name, long sizeGb) {
    if (machineId.isPresent() && !machines.table.contains(machineId.get())) {
      throw new IllegalArgumentException("no machine " + machineId.get() + " in the simulated account");
    }
    return view(add(name, machineId.orElseGet(() -> core.lowerId("ps", 12)), machineId.isPresent(), sizeGb));
  }

  /** Puts back a saved snapshot under its id. */
  SimSnapshot restore(SimSnapshot saved) {
    if (table.contains(saved.id())) {
      throw new IllegalArgumentException("snapshot " + saved.id() + " is already in the simulated account");
    }
    SnapshotRec s = add(saved.name(), saved.machineId().orElseGet(() -> core.lowerId("ps", 12)),
        saved.machineId().isPresent(), saved.sizeGb());
    table.remove(s);
    s.id = saved.id();
    return view(table.add(s));
  }

  /** Deletes the snapshots of a deleted machine, unless the settings say they survive it (PS9). */
  void machineDeleted(String machineId) {
    if (!settings.snapshotsSurviveMachineDelete()) {
      table.rows().removeIf(s -> s.linked && s.machineId.equals(machineId));
    }
  }

  List<SimSnapshot> views() {
    return table.rows().stream().map(Snapshots::view).toList();
  }

  private static SimSnapshot view(SnapshotRec s) {
    return new SimSnapshot(s.id, s.name, s.linked ? Optional.of(s.machineId) : Optional.empty(), s.sizeGb);
  }
}
