package dev.mmsearch.query;

/**
 * What the same query ranks under a narrower keyword filter: how {@link Facets} says, next to a
 * value, how many results ticking it gives. Made by {@link MultimodalSearcher} for each search,
 * holding that search's ranked lists; thread-safe as the searcher is.
 */
@FunctionalInterface
public interface Narrowing {

  /**
   * The {@link SearchResult#total() total} of the same query (same parts, window and cutoff) when
   * its filter on {@code key} accepts only {@code value}, the rest of the filter (other keys,
   * ranges, the GPS circle, excluded ids) as it is; or -1 when no such filter can be made (the
   * filter already holds {@value dev.mmsearch.index.Filter#MAX_KEYS} keys).
   */
  int total(String key, String value);
}
