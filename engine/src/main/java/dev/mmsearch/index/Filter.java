package dev.mmsearch.index;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Restricts a search to items whose metadata matches, applied inside the kNN search (Lucene
 * pre-filter) so a selective filter still returns k hits.
 *
 * @param anyOf for each metadata key, the accepted values (an item passes when every key matches one value)
 * @param excludeIds ids never returned (the item itself in "more like this")
 */
public record Filter(Map<String, Set<String>> anyOf, Set<String> excludeIds) {

  public static final Filter NONE = new Filter(Map.of(), Set.of());

  public Filter {
    TreeMap<String, Set<String>> copy = new TreeMap<>();
    anyOf.forEach((k, v) -> {
      if (v.isEmpty()) {
        throw new IllegalArgumentException("filter on '" + k + "' must accept at least one value");
      }
      copy.put(k, Set.copyOf(v));
    });
    anyOf = java.util.Collections.unmodifiableMap(copy);
    excludeIds = Set.copyOf(excludeIds);
  }

  public boolean isEmpty() {
    return anyOf.isEmpty() && excludeIds.isEmpty();
  }

  public Filter excluding(String id) {
    Set<String> ex = new java.util.HashSet<>(excludeIds);
    ex.add(id);
    return new Filter(anyOf, ex);
  }
}
