package dev.mmsearch.query;

import java.util.List;
import java.util.Map;

/**
 * One page of fused hits.
 *
 * @param total length of the fused ranking after the cutoff, at most the request's window: the
 *     results a pager can reach. The same for every page of one query (same window, same index version).
 * @param timingsNanos time per stage: {@code encode}, {@code knn}, {@code fuse}
 */
public record SearchResult(List<SearchHit> hits, int total, Map<String, Long> timingsNanos) {
  public SearchResult {
    hits = List.copyOf(hits);
    timingsNanos = Map.copyOf(timingsNanos);
  }
}
