package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The public OS templates of the catalog, and the custom templates made from a machine's disk. */
final class Templates {

  /** A custom template, made from a machine. */
  static final class TemplateRec extends Row.Named {
    String region;
    String parentMachineId;
    String agentType;
    String os;
    long sizeGb;
  }

  private final AccountCore core;
  private final FaultPlan faults;
  private final MachineEvents events;
  private final Machines machines;
  final NamedTable<TemplateRec> table;

  Templates(AccountCore core, FaultPlan faults, MachineEvents events, Machines machines) {
    this.core = core;
    this.faults = faults;
    this.events = events;
    this.machines = machines;
    this.table = new NamedTable<>("Template", t -> Codecs.customTemplate(t, faults));
    table.onDelete(t -> {
      ObjectNode body = table.render(t);
      body.put("dtDeleted", Json.date(core.now()));
      return body;
    });
  }

  ObjectNode listOsTemplates(Input query) {
    Optional<String> name = query.optionalString("name");
    List<Catalog.OsTemplate> all = Catalog.osTemplates();
    List<Catalog.OsTemplate> matching = all.stream().filter(t -> name.isEmpty() || t.name().equals(name.get()))
        .toList();
    Map<String, Function<Catalog.OsTemplate, String>> keys = Map.of("name", Catalog.OsTemplate::name);
    return Paging.page(matching, query, keys, "name", all::indexOf, t -> Codecs.osTemplate(t, faults));
  }

  ObjectNode listCustom(Input query) {
    Optional<String> name = query.optionalString("name");
    Optional<String> machineId = query.optionalString("machineId");
    return table.pageByName(table.rows().stream()
        .filter(t -> name.isEmpty() || t.name.equals(name.get()))
        .filter(t -> machineId.isEmpty() || t.parentMachineId.equals(machineId.get())).toList(), query);
  }

  ObjectNode createCustom(Input in) {
    Machines.Source source = machines.source(in, 1, "creating a template");
    Machines.MachineRec m = source.machine();
    TemplateRec t = new TemplateRec();
    t.id = core.lowerId("t", 8);
    t.seq = core.nextSeq();
    t.name = source.name();
    t.region = m.region;
    t.parentMachineId = m.id;
    t.agentType = m.agentType;
    t.os = m.os;
    t.sizeGb = m.diskGb;
    t.created = core.now();
    table.add(t);
    return events.answerQuickly(table.render(t), events.create("template-create", m.id));
  }
}
