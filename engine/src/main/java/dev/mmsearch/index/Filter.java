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
 * @param ranges for each numeric metadata key, the accepted interval (an item without the key fails it)
 * @param near a circle on the Earth the item's GPS position must lie in (items without one fail it), or null
 */
public record Filter(Map<String, Set<String>> anyOf, Set<String> excludeIds, Map<String, Range> ranges, Near near) {

  /**
   * A circle around a point, for items with a GPS position ({@code latitude} and {@code longitude}
   * in their numbers, as derived from EXIF); distances are great-circle, in metres.
   */
  public record Near(double latitude, double longitude, double radiusMetres) {
    /** Half the Earth's circumference: no circle needs more. */
    public static final double MAX_RADIUS_METRES = 20_037_509;

    public Near {
      if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
        throw new IllegalArgumentException("near needs a latitude in -90..90 and a longitude in -180..180, got: "
            + latitude + ", " + longitude);
      }
      if (!(radiusMetres > 0) || radiusMetres > MAX_RADIUS_METRES) {
        throw new IllegalArgumentException("near needs a radius in metres in (0, " + (long) MAX_RADIUS_METRES + "], got: "
            + radiusMetres);
      }
    }
  }

  /** A closed interval; a null bound is open on that side, but not both. */
  public record Range(Double atLeast, Double atMost) {
    public Range {
      if (atLeast == null && atMost == null) {
        throw new IllegalArgumentException("a range needs at least one bound");
      }
      if (atLeast != null && !Double.isFinite(atLeast) || atMost != null && !Double.isFinite(atMost)) {
        throw new IllegalArgumentException("range bounds must be finite numbers");
      }
      if (atLeast != null && atMost != null && atLeast > atMost) {
        throw new IllegalArgumentException("range is empty: " + atLeast + " > " + atMost);
      }
    }

    public double lower() {
      return atLeast == null ? Double.NEGATIVE_INFINITY : atLeast;
    }

    public double upper() {
      return atMost == null ? Double.POSITIVE_INFINITY : atMost;
    }
  }

  /** A keyword filter without ranges. */
  public Filter(Map<String, Set<String>> anyOf, Set<String> excludeIds) {
    this(anyOf, excludeIds, Map.of(), null);
  }

  /** A filter without a GPS circle. */
  public Filter(Map<String, Set<String>> anyOf, Set<String> excludeIds, Map<String, Range> ranges) {
    this(anyOf, excludeIds, ranges, null);
  }

  public static final int MAX_KEYS = 32;
  public static final int MAX_VALUES = 1024;
  public static final int MAX_VALUE_CHARS = 1024;

  public static final Filter NONE = new Filter(Map.of(), Set.of(), Map.of(), null);

  public Filter {
    Objects.requireNonNull(anyOf, "anyOf");
    ranges = Objects.requireNonNullElse(ranges, Map.<String, Range>of());
    int keys = anyOf.size() + ranges.size() + (near == null ? 0 : 1);
    if (keys > MAX_KEYS) {
      throw new IllegalArgumentException("filter has " + keys + " keys, more than the limit of " + MAX_KEYS);
    }
    TreeMap<String, Range> rangeCopy = new TreeMap<>();
    ranges.forEach((key, range) -> {
      if (key == null || key.isEmpty() || key.length() > MAX_VALUE_CHARS) {
        throw new IllegalArgumentException("filter keys must be 1.." + MAX_VALUE_CHARS + " characters");
      }
      rangeCopy.put(key, Objects.requireNonNull(range, "range of " + key));
    });
    ranges = Collections.unmodifiableMap(rangeCopy);
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
    return anyOf.isEmpty() && excludeIds.isEmpty() && ranges.isEmpty() && near == null;
  }

  public Filter excluding(String id) {
    Set<String> ex = new HashSet<>(excludeIds);
    ex.add(id);
    return new Filter(anyOf, ex, ranges, near);
  }
}
