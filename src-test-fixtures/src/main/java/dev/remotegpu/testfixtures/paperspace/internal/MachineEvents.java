package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.testfixtures.paperspace.SimMachineEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The machine events: each lifecycle operation's event ("new" in the answer, "in progress" after, then "done",
 * "error" or "cancelled"), the events API, and the answer shape {@code {data, event}} that operations give.
 */
final class MachineEvents {

  /** A machine event. */
  static final class EventRec extends Row.Named {
    String state;
    String machineId;
    Instant started;
    Instant finished;
    String error;
  }

  private final AccountCore core;
  final ResourceTable<EventRec> table = new ResourceTable<>("Machine event", Codecs::event);

  MachineEvents(AccountCore core) {
    this.core = core;
  }

  /** A new event {@code name} about machine {@code machineId} (none for an orphan snapshot's delete). */
  EventRec create(String name, String machineId) {
    EventRec event = new EventRec();
    String hex = core.randomId("", 36, "0123456789abcdef");
    event.id = hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    event.seq = core.nextSeq();
    event.name = name;
    event.state = "new";
    event.machineId = machineId;
    event.created = core.now();
    return table.add(event);
  }

  /** Ends {@code event} now in {@code state} with {@code error}, unless it has ended already. */
  void finish(EventRec event, String state, String error) {
    if (event.finished != null) {
      return;
    }
    if (event.started == null) {
      event.started = core.now();
    }
    event.state = state;
    event.finished = core.now();
    event.error = error;
  }

  /** Cancels {@code event} if it is still running (a newer operation on its machine replaced it). */
  void cancelIfRunning(EventRec event) {
    if (event != null && event.finished == null) {
      event.state = "cancelled";
      event.finished = core.now();
    }
  }

  /**
   * Answers {@code data} with {@code event} as the API does: the answer shows the event "new", later reads show it
   * "in progress" from now.
   */
  ObjectNode answer(ObjectNode data, EventRec event) {
    ObjectNode body = Json.object();
    body.set("data", data);
    body.set("event", Codecs.event(event));
    begin(event);
    return body;
  }

  /** Marks a freshly answered event as running, so the answer said "new" and later reads say "in progress". */
  void begin(EventRec event) {
    if (event.state.equals("new")) {
      event.state = "in progress";
      event.started = core.now();
    }
  }

  /**
   * Answers {@code data} with {@code event} as the API does for a machine delete and for snapshot and template
   * operations: the event ends "done" one lifecycle step later.
   */
  ObjectNode answerQuickly(ObjectNode data, EventRec event) {
    core.afterSteps(1, () -> finish(event, "done", null));
    return answer(data, event);
  }

  ObjectNode list(Input query) {
    Optional<String> machineId = query.optionalString("machineId");
    List<EventRec> matching = table.rows().stream()
        .filter(e -> machineId.isEmpty() || machineId.get().equals(e.machineId))
        .toList();
    return table.page(matching, query);
  }

  List<SimMachineEvent> views() {
    return table.rows().stream().filter(e -> e.machineId != null)
        .map(e -> new SimMachineEvent(e.machineId, e.name, e.created)).toList();
  }

  /** Puts back a saved event, finished at its time. */
  void restore(SimMachineEvent saved) {
    EventRec e = create(saved.name(), saved.machineId());
    e.created = saved.at();
    e.started = saved.at();
    e.finished = saved.at();
    e.state = "done";
  }
}
