package dev.mmsearch.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics of the mixed-modality benchmark ({@code benchmark mixed}, docs/quality.md "Mixed
 * collections"), each on one query's fused ranking (item ids, best first, the query's own item
 * already removed). Relevance is binary: an item of the query's label is relevant.
 */
final class MixedMetrics {

  /** The cut of every metric: the first page a user sees. */
  static final int K = 10;

  private MixedMetrics() {}

  /**
   * nDCG@k with binary relevance: {@code Σ rel_r / log2(r + 1)} over the first k ranks, divided by
   * the same sum for an ideal ranking (every relevant item first, at most k of them).
   *
   * @throws IllegalArgumentException when nothing is relevant (the query has no answer to find)
   */
  static double ndcg(List<String> ranking, Set<String> relevant, int k) {
    checkK(k);
    if (relevant.isEmpty()) {
      throw new IllegalArgumentException("nDCG needs at least one relevant item, got none");
    }
    double dcg = 0;
    for (int r = 0; r < Math.min(k, ranking.size()); r++) {
      if (relevant.contains(ranking.get(r))) {
        dcg += gain(r);
      }
    }
    double ideal = 0;
    for (int r = 0; r < Math.min(k, relevant.size()); r++) {
      ideal += gain(r);
    }
    return dcg / ideal;
  }

  /** 1 / log2(rank + 1) for the 0-based position {@code r} (rank r + 1). */
  private static double gain(int r) {
    return 1 / (Math.log(r + 2) / Math.log(2));
  }

  /** Share of {@code targets} in the first k ranks. */
  static double recall(List<String> ranking, Set<String> targets, int k) {
    checkK(k);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("recall needs at least one target item, got none");
    }
    long found = ranking.stream().limit(k).filter(targets::contains).count();
    return (double) found / targets.size();
  }

  /** 1 when the first item is {@code expected}, else 0 (also for an empty ranking). */
  static double exactAt1(List<String> ranking, String expected) {
    return !ranking.isEmpty() && ranking.getFirst().equals(expected) ? 1 : 0;
  }

  /**
   * Intrusion@k: the share of the first k ranks (of those returned, if fewer) taken by items with
   * none of the media the relevant items have: a sound-only item in the answer to a query whose
   * relevant items are all pictures, a picture-only item where only sounds are relevant. An item
   * holding a picture and a sound intrudes on neither. 0 for an empty ranking.
   *
   * @param mediaOf each item's media ({@code image}, {@code audio}); items it lacks count as intruders
   * @param relevantMedia the union of the relevant items' media
   */
  static double intrusion(List<String> ranking, Map<String, Set<String>> mediaOf, Set<String> relevantMedia, int k) {
    checkK(k);
    int n = Math.min(k, ranking.size());
    if (n == 0) {
      return 0;
    }
    int intruders = 0;
    for (String id : ranking.subList(0, n)) {
      if (java.util.Collections.disjoint(mediaOf.getOrDefault(id, Set.of()), relevantMedia)) {
        intruders++;
      }
    }
    return (double) intruders / n;
  }

  /**
   * Whether intrusion means anything for a query: some medium of the collection has no relevant
   * item. A query whose relevant items cover every medium can have no intruder, so averaging it in
   * would only dilute the figure.
   */
  static boolean intrusionApplies(Set<String> relevantMedia, Set<String> collectionMedia) {
    return !relevantMedia.containsAll(collectionMedia);
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
  }
}
