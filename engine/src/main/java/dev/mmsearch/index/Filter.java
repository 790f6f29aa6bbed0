package dev.mmsearch.index;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Restricts a search to items whose metadata matches, applied inside the kNN search (Lucene
 * pre-filter) so a selective filter still returns k hits.
 *
 * <p>Bounded so that one request cannot build an arbitrarily large query: at most
 * {@value #MAX_KEYS} keys, {@value #MAX_VALUES} values in all, each value at most
 * {@value #MAX_VALUE_CHARS} characters.
 *
 * @param anyOf for each metadata key, the accepted values (an item passes when every key matches one value)
 * @param excludeIds ids never returned (the item itself in "more like this")
 */
public record Filter(Map<String, Set<String>> anyOf, Set<String> excludeIds) {

  public static final int MAX_KEYS = 32;
  public static final int MAX_VALUES = 1024;
  public static final int MAX_VALUE_CHARS = 1024;

  public static final Filter NONE = new Filter(Map.of(), Set.of());

  public Filter {
    Objects.requireNonNull(anyOf, "anyOf");
    if (anyOf.size() > MAX_KEYS) {
      throw new IllegalArgumentException("filter has " + anyOf.size() + " keys, more than the limit of " + MAX_KEYS);
    }
    TreeMap<String, Set<String>> copy = new TreeMap<>();
    int values = 0;
    for (Map.Entry<String, Set<String>> e : anyOf.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty() || key.length() > MAX_VALUE_CHARS) {
        throw new IllegalArgumentException("filter keys must be 1.." + MAX_VALUE_CHARS + " characters, got: "
            + (key == null ? "null" : key.length() + " characters"));
      }
      Set<String> v = e.getValue();
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException("filter on '" + key + "' must accept at least one value");
      }
      for (String value : v) {
        if (value == null) {
          throw new IllegalArgumentException("filter on '" + key + "' has a null value; values are strings");
        }
        if (value.length() > MAX_VALUE_CHARS) {
          throw new IllegalArgumentException("filter on '" + key + "' has a value of " + value.length()
              + " characters, more than the limit of " + MAX_VALUE_CHARS);
        }
      }
      values += v.size();
      if (values > MAX_VALUES) {
        throw new IllegalArgumentException("filter has more than " + MAX_VALUES + " values in all");
      }
      copy.put(key, Set.copyOf(v));
    }
    anyOf = Collections.unmodifiableMap(copy);
    excludeIds = Set.copyOf(excludeIds);
  }

  public boolean isEmpty() {
    return anyOf.isEmpty() && excludeIds.isEmpty();
  }

  public Filter excluding(String id) {
    Set<String> ex = new HashSet<>(excludeIds);
    ex.add(id);
    return new Filter(anyOf, ex);
  }
}
