package dev.mmsearch.query;

import dev.mmsearch.index.Item;
import java.util.List;

/** A fused result: the item, its fused score, and every contribution that made it. */
public record SearchHit(Item item, double score, List<Contribution> explanation) {
  public SearchHit {
    explanation = List.copyOf(explanation);
  }
}
