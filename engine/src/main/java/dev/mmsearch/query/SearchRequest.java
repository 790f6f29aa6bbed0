package dev.mmsearch.query;

import dev.mmsearch.index.Filter;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A complete query: parts, paging, filter, fusion and cutoff.
 *
 * <h2>Paging</h2>
 *
 * Every ranked list (one per part × field, plus BM25) is fetched to the same depth, the
 * {@code window}, and the fused ranking is cut at {@code window} entries. A page is the slice
 * {@code [offset, offset + k)} of that ranking. Because the window does not depend on
 * {@code offset}, pages of one query with the same {@code k} (and so the same default window)
 * never overlap and never skip an item, as long as the index does not change in between; the
 * fused ranking's length, reported as {@code total}, is the same for every page.
 *
 * @param k hits per page (1..{@value #MAX_K})
 * @param offset hits to skip (0..{@code window})
 * @param window how many fused results are ranked and can be paged through (1..{@value #MAX_WINDOW});
 *     0 picks the default, {@code max(}{@value #DEFAULT_WINDOW}{@code , k)}
 * @param minScore hits with a lower fused score are dropped
 * @param spaces spaces to search (empty = every space)
 * @param fields fields to search: vector fields ({@code clip.image}) or {@code text} for BM25 (empty = all)
 * @param sort orders the fused window by a numeric metadata key instead of by score, or null
 * @param collapse groups whose members stand for one another: only each group's best-ranked item in
 *     the window is kept, before paging (so pages never overlap and {@code total} counts groups);
 *     {@link Collapse#NONE} keeps every item
 *
 * <h2>Sorting</h2>
 *
 * With {@code sort}, the parts still choose which items match (the fused window, after
 * {@code minScore}), and the number orders them: "beach pictures, newest first". Items without
 * the number come last, by score. Paging works as without it.
 */
public record SearchRequest(List<QueryPart> parts, int k, int offset, int window, Filter filter, Fusion fusion,
    double minScore, Set<String> spaces, Set<String> fields, SortBy sort, Collapse collapse) {

  /** Order by a numeric metadata key. */
  public record SortBy(String key, boolean descending) {
    public SortBy {
      if (key == null || key.isEmpty() || key.length() > Filter.MAX_VALUE_CHARS) {
        throw new IllegalArgumentException("sort needs a numeric metadata key of 1.." + Filter.MAX_VALUE_CHARS + " characters");
      }
    }
  }

  /** This request collapsing by {@code groups}. */
  public SearchRequest collapsing(Collapse groups) {
    return new SearchRequest(parts, k, offset, window, filter, fusion, minScore, spaces, fields, sort, groups);
  }

  /** A request that collapses nothing. */
  public SearchRequest(List<QueryPart> parts, int k, int offset, int window, Filter filter, Fusion fusion,
      double minScore, Set<String> spaces, Set<String> fields, SortBy sort) {
    this(parts, k, offset, window, filter, fusion, minScore, spaces, fields, sort, Collapse.NONE);
  }

  /** A request in score order. */
  public SearchRequest(List<QueryPart> parts, int k, int offset, int window, Filter filter, Fusion fusion,
      double minScore, Set<String> spaces, Set<String> fields) {
    this(parts, k, offset, window, filter, fusion, minScore, spaces, fields, null);
  }

  /** Largest page. */
  public static final int MAX_K = 1000;
  /** Deepest ranking a query can page through; bounds the work and memory of one request. */
  public static final int MAX_WINDOW = 1000;
  /** Ranking depth when the request names none (raised to {@code k} for larger pages). */
  public static final int DEFAULT_WINDOW = 100;
  public static final int DEFAULT_K = 20;
  /** Most parts in one query: each part costs an encoder call and a ranked list per field. */
  public static final int MAX_PARTS = 16;
  /** Most entries in {@code spaces} or {@code fields}. */
  public static final int MAX_SELECTION = 64;

  public SearchRequest {
    Objects.requireNonNull(parts, "parts");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("query must have at least one part");
    }
    if (parts.size() > MAX_PARTS) {
      throw new IllegalArgumentException("query has " + parts.size() + " parts, more than the limit of " + MAX_PARTS);
    }
    parts = List.copyOf(parts);
    if (parts.stream().noneMatch(p -> p.weight() > 0)) {
      throw new IllegalArgumentException("query needs at least one part with a positive weight");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in 1.." + MAX_K + ", got: " + k);
    }
    if (window == 0) {
      window = Math.max(DEFAULT_WINDOW, k);
    }
    if (window < 1 || window > MAX_WINDOW) {
      throw new IllegalArgumentException("window must be in 1.." + MAX_WINDOW + ", got: " + window);
    }
    if (offset < 0 || offset > window) {
      throw new IllegalArgumentException("offset must be in 0.." + window + " (the ranking window"
          + (window < MAX_WINDOW ? "; ask for a larger \"window\", up to " + MAX_WINDOW + ", to page deeper" : "")
          + "), got: " + offset);
    }
    if (Double.isNaN(minScore)) {
      throw new IllegalArgumentException("minScore must be a number");
    }
    filter = Objects.requireNonNullElse(filter, Filter.NONE);
    fusion = Objects.requireNonNullElse(fusion, Fusion.DEFAULT);
    spaces = selection(spaces, "spaces");
    fields = selection(fields, "fields");
    collapse = Objects.requireNonNullElse(collapse, Collapse.NONE);
  }

  private static Set<String> selection(Set<String> names, String what) {
    Set<String> s = Set.copyOf(Objects.requireNonNullElse(names, Set.of()));
    if (s.size() > MAX_SELECTION) {
      throw new IllegalArgumentException(what + " lists " + s.size() + " names, more than the limit of " + MAX_SELECTION);
    }
    return s;
  }

  /** A request over every space and field, with the default window. */
  public SearchRequest(List<QueryPart> parts, int k, int offset, Filter filter, Fusion fusion, double minScore) {
    this(parts, k, offset, 0, filter, fusion, minScore, Set.of(), Set.of());
  }

  public static SearchRequest of(QueryPart... parts) {
    return new SearchRequest(List.of(parts), DEFAULT_K, 0, Filter.NONE, Fusion.DEFAULT, Double.NEGATIVE_INFINITY);
  }
}
