package dev.mmsearch.ingest;

/**
 * Whether {@code mmsearch index} merges an embedded index into one segment when the job is done.
 * A bulk load leaves one segment per commit or so, and every vector query searches each segment's
 * HNSW graph with the full candidate count: on 112k pictures, 4 segments answered {@code clip.image}
 * in 0.85 ms and one merged segment in 0.44 ms (docs/benchmarks.md). The merge rebuilds the graphs
 * (45 s for those 112k, about 2 % of the time that indexed them), so it is worth it after a load,
 * not after a re-run that changed a few items; {@code mmsearch optimize} does the same on demand.
 * A SolrCloud collection merges by its own policy and is left to it.
 */
public enum MergeAfterLoad {
  /** Merge when the job changed at least {@link #MIN_CHANGED} items and a fifth of the index. */
  AUTO,
  /** Merge whenever the index has more than one segment. */
  ALWAYS,
  /** Never merge (leave it to {@code mmsearch optimize}). */
  NEVER;

  /** Fewer changed items than this leave the index as it is: a job this small writes one or two segments. */
  public static final long MIN_CHANGED = 1_000;

  /** Share of the index a job must have changed for {@link #AUTO} to merge. */
  public static final double MIN_CHANGED_SHARE = 0.2;

  /**
   * @param segments the index's segments now
   * @param items items in the index now
   * @param changed items the job added, updated or deleted
   */
  public boolean merges(int segments, long items, long changed) {
    if (segments <= 1) {
      return false;
    }
    return switch (this) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> changed >= MIN_CHANGED && changed >= MIN_CHANGED_SHARE * items;
    };
  }
}
