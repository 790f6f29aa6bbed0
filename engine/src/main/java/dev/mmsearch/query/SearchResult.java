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
 *     window): what {@link Facets} count over
 */
public record SearchResult(List<SearchHit> hits, int total, Map<String, Long> timingsNanos, List<String> ranking) {
  public SearchResult {
    hits = List.copyOf(hits);
    ranking = List.copyOf(ranking);
    timingsNanos = Map.copyOf(timingsNanos);
  }
}
