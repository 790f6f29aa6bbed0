package dev.mmsearch.index.solr;

import dev.mmsearch.index.Filter;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Filter} as Solr filter queries ({@code fq}). Solr applies every {@code fq} as the
 * pre-filter of a {@code knn} query, so filters run inside the HNSW search as they do embedded,
 * and a selective filter still returns k hits. Values are passed as parameters of their own
 * ({@code v=$name}), never spliced into query syntax, so no value can change the query.
 */
final class SolrFilters {
  private SolrFilters() {}

  /** Adds the filter's {@code fq} parameters (and the parameters they refer to) to {@code params}. */
  static void add(Filter filter, SolrParams params) {
    if (filter == null || filter.isEmpty()) {
      return;
    }
    int n = 0;
    for (Map.Entry<String, Set<String>> e : filter.anyOf().entrySet()) {
      String p = "mf" + n++;
      params.add("fq", terms(SolrNames.meta(e.getKey()), e.getValue(), p, params));
    }
    filter.ranges().forEach((key, range) -> params.add("fq", SolrNames.number(key) + ":["
        + (range.atLeast() == null ? "*" : plain(range.atLeast())) + " TO "
        + (range.atMost() == null ? "*" : plain(range.atMost())) + "]"));
    if (filter.near() != null) {
      Filter.Near near = filter.near();
      params.add("fq", "{!geofilt sfield=" + SolrNames.GEO + " pt=" + plain(near.latitude()) + "," + plain(near.longitude())
          + " d=" + plain(near.radiusMetres() / 1000.0) + "}");
    }
    if (!filter.excludeIds().isEmpty()) {
      params.add("fq", "{!bool filter=$exall must_not=$exids}");
      params.add("exall", "*:*");
      params.add("exids", terms(SolrNames.ID, filter.excludeIds(), "ex", params));
    }
  }

  /**
   * A terms query on {@code field} accepting any of {@code values} (Lucene's TermInSetQuery, as
   * embedded), with the values in parameter {@code name} split by a character none of them holds.
   */
  static String terms(String field, Collection<String> values, String name, SolrParams params) {
    char sep = separator(values);
    params.add(name, String.join(String.valueOf(sep), values));
    params.add(name + "s", String.valueOf(sep));
    return "{!terms f=" + field + " separator=$" + name + "s v=$" + name + "}";
  }

  /** A character no value contains: the unit separator, else the first free one above it. */
  private static char separator(Collection<String> values) {
    for (int c = '\u001f'; c < Character.MIN_SURROGATE; c++) {
      char sep = (char) c;
      if (values.stream().noneMatch(v -> v.indexOf(sep) >= 0)) {
        return sep;
      }
    }
    throw new IllegalArgumentException("the filter's values use every character: no separator is left for them");
  }

  /** A number as Solr's parsers read it: plain digits, no exponent. */
  static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
