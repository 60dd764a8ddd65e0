package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.remotegpu.core.BillableKind;
import dev.remotegpu.core.Rate;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One resource family's records by id, in creation order, with the API's generic operations written once: get
 * (or the API's 404 naming the resource), paged list, delete. Not thread-safe: used under the account's lock.
 *
 * @param <R> the record type
 */
class ResourceTable<R extends Row> {

  /** What a delete does to a record besides taking it out of the table, and the answer it gives. */
  @FunctionalInterface
  interface Deletion<R> {
    ObjectNode delete(R row);
  }

  private final String what;
  private final Function<R, ObjectNode> render;
  private final Map<String, R> rows = new LinkedHashMap<>();
  private Deletion<R> deletion;
  private Billing<R> billing;

  /** How a table's records bill: the meter's ledger, the kind of charge, each record's rate. */
  private record Billing<R>(AccountCore core, BillableKind kind, Function<R, Rate> rate) {}

  /** A table of records the API calls {@code what} (as in "Snapshot not found: ..."), rendered by {@code render}. */
  ResourceTable(String what, Function<R, ObjectNode> render) {
    this.what = what;
    this.render = render;
    this.deletion = row -> {
      throw new IllegalStateException(what + " records cannot be deleted");
    };
  }

  /** Sets what a delete does besides removing the record; it may refuse by throwing an {@link ApiError}. */
  void onDelete(Deletion<R> newDeletion) {
    this.deletion = newDeletion;
  }

  /**
   * Bills every record at its {@code rate} for each hour it exists ({@link #chargeHour}), and a deleted one for the
   * hour in progress.
   */
  void billHourly(AccountCore core, BillableKind kind, Function<R, Rate> rate) {
    this.billing = new Billing<>(core, kind, rate);
  }

  /** Charges every record for the hour starting at {@code hourStart}. */
  void chargeHour(Instant hourStart) {
    rows.values().forEach(row -> charge(row, hourStart));
  }

  private void charge(R row, Instant hourStart) {
    if (billing != null) {
      billing.core().meter().chargeHour(billing.kind(), row.id, billing.rate().apply(row), hourStart);
    }
  }

  /** Adds {@code row} under its id and returns it. */
  R add(R row) {
    rows.put(row.id, row);
    return row;
  }

  /** The record {@code id}, or the API's 404 naming this resource. */
  R get(String id) {
    R row = rows.get(id);
    if (row == null) {
      throw ApiError.notFound(what + " not found: " + id);
    }
    return row;
  }

  Optional<R> find(String id) {
    return Optional.ofNullable(rows.get(id));
  }

  /** Whether {@code row} is still the record under its id (a timed step of a removed record must not run). */
  boolean holds(R row) {
    return rows.get(row.id) == row;
  }

  boolean contains(String id) {
    return rows.containsKey(id);
  }

  /** Takes {@code row} out of the table (nothing else: a family's removal does the rest). */
  void remove(R row) {
    rows.remove(row.id);
  }

  /** The live records, oldest first. */
  Collection<R> rows() {
    return rows.values();
  }

  int size() {
    return rows.size();
  }

  ObjectNode render(R row) {
    return render.apply(row);
  }

  /** GET of one record: its JSON, or the 404. */
  ObjectNode show(String id) {
    return render(get(id));
  }

  /**
   * DELETE of one record: the family's deletion (which may refuse), the charge for the hour in progress (when the
   * table bills), then the record leaves the table.
   */
  ObjectNode delete(String id) {
    R row = get(id);
    ObjectNode answer = deletion.delete(row);
    if (billing != null) {
      charge(row, billing.core().hourStart());
    }
    rows.remove(row.id);
    return answer;
  }

  /** One page of {@code matching} ordered by creation time, as every list allows. */
  ObjectNode page(List<R> matching, Input query) {
    return page(matching, query, Map.of());
  }

  /** One page of {@code matching} ordered by creation time (the default) or one of {@code moreKeys}. */
  ObjectNode page(List<R> matching, Input query, Map<String, Function<R, String>> moreKeys) {
    Map<String, Function<R, String>> keys = new LinkedHashMap<>();
    keys.put("dtCreated", r -> Json.date(r.created));
    keys.putAll(moreKeys);
    return Paging.page(matching, query, keys, "dtCreated", r -> r.seq, render::apply);
  }
}
