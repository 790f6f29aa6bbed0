package dev.mmsearch.query;

import java.util.List;
import java.util.Map;

/**
 * One page of fused hits.
 *
 * @param total candidates after fusion and cutoff, before paging
 * @param timingsNanos time per stage: {@code encode}, {@code knn}, {@code fuse}
 */
public record SearchResult(List<SearchHit> hits, int total, Map<String, Long> timingsNanos) {
  public SearchResult {
    hits = List.copyOf(hits);
    timingsNanos = Map.copyOf(timingsNanos);
  }
}
