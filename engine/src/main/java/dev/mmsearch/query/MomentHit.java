package dev.mmsearch.query;

import dev.mmsearch.index.Span;
import java.util.Objects;

/**
 * One moment of a hit (a stretch of a video) and how well it alone answers the query: the same
 * calibrated fusion as items get, over the query's vector lists, with the moment's own vectors.
 *
 * @param span which moment, and its time range
 * @param score the moment's fused score, on the scale of the item scores of {@link Fusion#SCORE}
 */
public record MomentHit(Span span, double score) {
  public MomentHit {
    Objects.requireNonNull(span, "span");
  }
}
