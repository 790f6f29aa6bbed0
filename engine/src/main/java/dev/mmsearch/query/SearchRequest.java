package dev.mmsearch.query;

import dev.mmsearch.index.Filter;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A complete query: parts, paging, filter, fusion and cutoff.
 *
 * @param k hits per page (1..{@value #MAX_K})
 * @param offset hits to skip (0..{@value #MAX_OFFSET})
 * @param minScore hits with a lower fused score are dropped
 * @param spaces spaces to search (empty = every space)
 * @param fields fields to search: vector fields ({@code clip.image}) or {@code text} for BM25 (empty = all)
 */
public record SearchRequest(List<QueryPart> parts, int k, int offset, Filter filter, Fusion fusion, double minScore,
    Set<String> spaces, Set<String> fields) {

  public static final int MAX_K = 1000;
  public static final int MAX_OFFSET = 10_000;
  public static final int DEFAULT_K = 20;

  public SearchRequest {
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("query must have at least one part");
    }
    if (parts.stream().noneMatch(p -> p.weight() > 0)) {
      throw new IllegalArgumentException("query needs at least one part with a positive weight");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in 1.." + MAX_K + ", got: " + k);
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new IllegalArgumentException("offset must be in 0.." + MAX_OFFSET + ", got: " + offset);
    }
    if (Double.isNaN(minScore)) {
      throw new IllegalArgumentException("minScore must be a number");
    }
    filter = Objects.requireNonNullElse(filter, Filter.NONE);
    fusion = Objects.requireNonNullElse(fusion, Fusion.DEFAULT);
    spaces = Set.copyOf(Objects.requireNonNullElse(spaces, Set.of()));
    fields = Set.copyOf(Objects.requireNonNullElse(fields, Set.of()));
  }

  /** A request over every space and field. */
  public SearchRequest(List<QueryPart> parts, int k, int offset, Filter filter, Fusion fusion, double minScore) {
    this(parts, k, offset, filter, fusion, minScore, Set.of(), Set.of());
  }

  public static SearchRequest of(QueryPart... parts) {
    return new SearchRequest(List.of(parts), DEFAULT_K, 0, Filter.NONE, Fusion.DEFAULT, Double.NEGATIVE_INFINITY);
  }
}
