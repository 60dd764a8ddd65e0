package dev.remotegpu.testfixtures.paperspace.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Cursor paging as the API does it: {@code limit} 1..120 (default 20), {@code after} an opaque cursor,
 * {@code orderBy} per list, {@code order} asc|desc (default desc), answer {@code {items, hasMore, nextPage?}}.
 * The cursor holds the sort key of the last item, so deletions between pages neither skip nor repeat items.
 */
final class Paging {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 120;

  private Paging() {}

  /**
   * One page of {@code items}.
   *
   * @param sortKeys the sort key of an item for each allowed {@code orderBy} value (the first is the default)
   * @param sequence a unique, creation-ordered number per item, used to break ties
   */
  static <T> ObjectNode page(List<T> items, Input query, Map<String, Function<T, String>> sortKeys,
      String defaultOrderBy, ToLongFunction<T> sequence, Function<T, JsonNode> render) {
    int limit = query.optionalInt("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
    String orderBy = query.optionalEnum("orderBy", List.copyOf(sortKeys.keySet())).orElse(defaultOrderBy);
    String order = query.optionalEnum("order", List.of("asc", "desc")).orElse("desc");
    String after = query.optionalString("after").orElse("");
    query.check();

    Function<T, String> key = sortKeys.get(orderBy);
    Comparator<Key> ascending = Comparator.comparing(Key::value).thenComparingLong(Key::sequence);
    Comparator<Key> comparator = order.equals("asc") ? ascending : ascending.reversed();

    List<T> sorted = new ArrayList<>(items);
    sorted.sort((a, b) -> comparator.compare(keyOf(a, key, sequence), keyOf(b, key, sequence)));

    int start = 0;
    if (!after.isEmpty()) {
      Key cursor = decode(after, orderBy);
      start = sorted.size();
      for (int i = 0; i < sorted.size(); i++) {
        if (comparator.compare(keyOf(sorted.get(i), key, sequence), cursor) > 0) {
          start = i;
          break;
        }
      }
    }
    int end = Math.min(sorted.size(), start + limit);
    ObjectNode page = Json.object();
    ArrayNode array = page.putArray("items");
    for (T item : sorted.subList(start, end)) {
      array.add(render.apply(item));
    }
    boolean hasMore = end < sorted.size();
    page.put("hasMore", hasMore);
    if (hasMore) {
      page.put("nextPage", encode(keyOf(sorted.get(end - 1), key, sequence), orderBy));
    }
    return page;
  }

  private record Key(String value, long sequence) {}

  private static <T> Key keyOf(T item, Function<T, String> key, ToLongFunction<T> sequence) {
    return new Key(key.apply(item), sequence.applyAsLong(item));
  }

  private static String encode(Key key, String orderBy) {
    String raw = orderBy + "\n" + key.sequence() + "\n" + key.value();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Key decode(String cursor, String orderBy) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = raw.split("\n", 3);
      if (parts.length != 3 || !parts[0].equals(orderBy)) {
        throw ApiError.badRequest("Invalid cursor: it does not belong to this listing and order");
      }
      return new Key(parts[2], Long.parseLong(parts[1]));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("Invalid cursor");
    }
  }
}
