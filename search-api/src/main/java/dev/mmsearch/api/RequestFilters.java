package dev.mmsearch.api;

import dev.mmsearch.derive.DerivedMetadata;
import dev.mmsearch.index.Filter;
import dev.mmsearch.query.SearchRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads what a JSON query says besides its parts: keyword filters, numeric ranges, the GPS circle,
 * the modalities, the sort order and the space and field selection, each checked with a message
 * naming the rule and the bad value; and refuses numeric keys the index was never written with.
 */
@ApplicationScoped
class RequestFilters {

  @Inject
  SearchEngine engine;

  /**
   * Refuses a numeric metadata key that no item of the index was ever written with (a misspelt
   * {@code "widht"} would otherwise sort nothing or score every item alike, silently). An index
   * written before keys were recorded accepts any key.
   */
  void requireNumberKey(String key, String what) {
    if (key == null) {
      return;
    }
    engine.index().numberKeys().ifPresent(known -> {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(what + " '" + QueryParams.abbreviate(key) + "' is not a numeric metadata key of this "
            + "index (known: " + QueryParams.abbreviate(String.join(", ", known), 512) + ")");
      }
    });
  }

  static Filter.Near near(Dtos.NearBody near) {
    if (near == null) {
      return null;
    }
    if (near.latitude() == null || near.longitude() == null || near.radius() == null) {
      throw new IllegalArgumentException("\"near\" needs \"latitude\", \"longitude\" and \"radius\" (metres)");
    }
    return new Filter.Near(near.latitude(), near.longitude(), near.radius());
  }

  static SearchRequest.SortBy sort(Dtos.SortBody sort) {
    if (sort == null) {
      return null;
    }
    if (sort.by() == null) {
      throw new IllegalArgumentException("\"sort\" needs \"by\": a numeric metadata key");
    }
    String order = sort.order() == null ? "asc" : sort.order();
    if (!order.equals("asc") && !order.equals("desc")) {
      throw new IllegalArgumentException("\"sort\".\"order\" is \"asc\" or \"desc\", got: " + QueryParams.abbreviate(order));
    }
    return new SearchRequest.SortBy(sort.by(), order.equals("desc"));
  }

  static Set<String> names(List<String> names, String key) {
    if (names == null) {
      return Set.of();
    }
    if (names.size() > SearchRequest.MAX_SELECTION) {
      throw new IllegalArgumentException("\"" + key + "\" lists " + names.size() + " names, more than the limit of "
          + SearchRequest.MAX_SELECTION);
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i) == null) {
        throw new IllegalArgumentException("\"" + key + "\"[" + i + "] is null; give names as strings");
      }
    }
    return new HashSet<>(names);
  }

  /** The keyword filter with {@code modalities} added as a filter on the derived {@code modality} keyword. */
  Map<String, List<String>> withModalities(Map<String, List<String>> filter, List<String> modalities) {
    if (modalities == null) {
      return filter;
    }
    List<String> known = new ArrayList<>(List.of(dev.mmsearch.encode.Modality.TEXT.id()));
    engine.media().all().forEach(m -> known.add(m.name()));
    if (modalities.isEmpty()) {
      throw new IllegalArgumentException("\"modalities\" lists at least one of " + known + "; leave it out for all");
    }
    for (int i = 0; i < modalities.size(); i++) {
      if (!known.contains(modalities.get(i))) {
        throw new IllegalArgumentException("\"modalities\"[" + i + "] is " + (modalities.get(i) == null ? "null"
            : "'" + QueryParams.abbreviate(modalities.get(i)) + "'") + "; known: " + known);
      }
    }
    if (filter != null && filter.containsKey(DerivedMetadata.MODALITY)) {
      throw new IllegalArgumentException("give \"modalities\" or a filter on \"" + DerivedMetadata.MODALITY + "\", not both");
    }
    Map<String, List<String>> out = filter == null ? new TreeMap<>() : new TreeMap<>(filter);
    out.put(DerivedMetadata.MODALITY, modalities);
    return out;
  }

  /** Keyword filters and numeric ranges of a JSON search body. */
  static Filter filter(Map<String, List<String>> filter, Map<String, Dtos.RangeBody> ranges, Filter.Near near) {
    Filter keywords = filter(filter);
    if (ranges == null || ranges.isEmpty()) {
      return near == null ? keywords : new Filter(keywords.anyOf(), Set.of(), Map.of(), near);
    }
    if (ranges.size() > Filter.MAX_KEYS) {
      throw new IllegalArgumentException("ranges has " + ranges.size() + " keys, more than the limit of " + Filter.MAX_KEYS);
    }
    Map<String, Filter.Range> out = new TreeMap<>();
    ranges.forEach((k, r) -> {
      if (r == null) {
        throw new IllegalArgumentException("range of '" + QueryParams.abbreviate(k) + "' is null; give {\"min\": …, \"max\": …}");
      }
      try {
        out.put(k, new Filter.Range(r.min(), r.max()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("range of '" + QueryParams.abbreviate(k) + "': " + e.getMessage(), e);
      }
    });
    return new Filter(keywords.anyOf(), Set.of(), out, near);
  }

  private static Filter filter(Map<String, List<String>> filter) {
    if (filter == null || filter.isEmpty()) {
      return Filter.NONE;
    }
    if (filter.size() > Filter.MAX_KEYS) {
      throw new IllegalArgumentException("filter has " + filter.size() + " keys, more than the limit of " + Filter.MAX_KEYS);
    }
    Map<String, Set<String>> anyOf = new TreeMap<>();
    filter.forEach((k, v) -> {
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException("filter on '" + QueryParams.abbreviate(k) + "' must list at least one value");
      }
      if (v.size() > Filter.MAX_VALUES) {
        throw new IllegalArgumentException("filter on '" + QueryParams.abbreviate(k) + "' lists " + v.size()
            + " values, more than the limit of " + Filter.MAX_VALUES);
      }
      if (v.contains(null)) {
        throw new IllegalArgumentException("filter on '" + QueryParams.abbreviate(k) + "' has a null value; values are strings");
      }
      anyOf.put(k, new HashSet<>(v));
    });
    return new Filter(anyOf, Set.of());
  }
}
