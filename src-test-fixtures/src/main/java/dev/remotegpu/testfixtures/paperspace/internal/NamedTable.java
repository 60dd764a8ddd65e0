package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link ResourceTable} of named records: lists that order by name too, filtering by name and region, and the
 * rename a PUT with an optional {@code name} does.
 *
 * @param <R> the record type
 */
final class NamedTable<R extends Row.Named> extends ResourceTable<R> {

  NamedTable(String what, Function<R, ObjectNode> render) {
    super(what, render);
  }

  /** PUT with an optional new {@code name}: renames record {@code id} and renders it. */
  ObjectNode rename(String id, Input in) {
    Optional<String> name = in.optionalString("name");
    in.check();
    R row = get(id);
    name.ifPresent(value -> row.name = value);
    return render(row);
  }

  /** One page of {@code matching}, ordered by creation time (the default), name, or one of {@code moreKeys}. */
  ObjectNode pageByName(List<R> matching, Input query, Map<String, Function<R, String>> moreKeys) {
    Map<String, Function<R, String>> keys = new LinkedHashMap<>();
    keys.put("name", r -> r.name);
    keys.putAll(moreKeys);
    return page(matching, query, keys);
  }

  /** One page of {@code matching}, ordered by creation time (the default) or name. */
  ObjectNode pageByName(List<R> matching, Input query) {
    return pageByName(matching, query, Map.of());
  }

  /** Records matching the query's optional exact {@code name} and {@code region} (any region spelling). */
  List<R> byNameAndRegion(Input query, Function<R, String> regionOf) {
    Optional<String> name = query.optionalString("name");
    Optional<String> region = query.optionalString("region").map(r -> Catalog.region(r).orElse(r));
    return rows().stream()
        .filter(r -> name.isEmpty() || r.name.equals(name.get()))
        .filter(r -> region.isEmpty() || regionOf.apply(r).equalsIgnoreCase(region.get())).toList();
  }
}
