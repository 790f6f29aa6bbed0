package dev.mmsearch.query;

import dev.mmsearch.index.Item;
import java.util.List;

/**
 * A fused result: the item, its fused score, every contribution that made it, for an item with
 * moments (a video) its best moments for the query ({@link MomentRanking}), best first, and the
 * lines of text read in its picture that the query's text matched ({@link PictureTextMatch}).
 */
public record SearchHit(Item item, double score, List<Contribution> explanation, List<MomentHit> moments,
    List<PictureTextMatch> pictureText) {
  public SearchHit {
    explanation = List.copyOf(explanation);
    moments = List.copyOf(moments);
    pictureText = List.copyOf(pictureText);
  }

  /** A hit without moments or matched picture text. */
  public SearchHit(Item item, double score, List<Contribution> explanation) {
    this(item, score, explanation, List.of(), List.of());
  }

  /** The same hit naming {@code best} as its best moments. */
  public SearchHit withMoments(List<MomentHit> best) {
    return new SearchHit(item, score, explanation, best, pictureText);
  }
}
