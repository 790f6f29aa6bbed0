package dev.mmsearch.query;

import java.util.List;
import java.util.Map;

/**
 * One page of fused hits.
 *
 * @param total length of the fused ranking after the cutoff, at most the request's window: the
 *     results a pager can reach. The same for every page of one query (same window, same index version).
 * @param timingsNanos time per stage: {@code encode}, {@code knn}, {@code fuse}
 * @param ranking ids of the whole fused ranking in order ({@code total} of them, at most the
 *     window): the items {@link Facets} take their values and spans from
 * @param narrowing the totals of this query under narrower filters, for {@link Facets}' counts; null
 *     when unknown (the counts are then over the ranking)
 */
public record SearchResult(List<SearchHit> hits, int total, Map<String, Long> timingsNanos, List<String> ranking,
    Narrowing narrowing) {
  public SearchResult {
    hits = List.copyOf(hits);
    ranking = List.copyOf(ranking);
    timingsNanos = Map.copyOf(timingsNanos);
  }

  /** A result that cannot say what narrower filters give. */
  public SearchResult(List<SearchHit> hits, int total, Map<String, Long> timingsNanos, List<String> ranking) {
    this(hits, total, timingsNanos, ranking, null);
  }
}
