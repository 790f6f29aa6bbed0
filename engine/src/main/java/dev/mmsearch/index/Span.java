package dev.mmsearch.index;

/**
 * Where in an item a hit lies: one of its moments (a stretch of a video), by position among the
 * item's moments and time range. What a search hit and its explanation name, so a player can start
 * there.
 *
 * @param moment 0-based position among the item's moments, in time order
 * @param start seconds from the beginning
 * @param end seconds from the beginning, after {@code start}
 */
public record Span(int moment, double start, double end) {
  public Span {
    if (moment < 0) {
      throw new IllegalArgumentException("moment must be at least 0, got: " + moment);
    }
    if (!(start >= 0) || !(end >= start) || !Double.isFinite(end)) {
      throw new IllegalArgumentException("a span needs 0 <= start <= end, got: " + start + ".." + end);
    }
  }
}
