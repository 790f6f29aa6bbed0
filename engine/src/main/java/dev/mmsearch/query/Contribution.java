package dev.mmsearch.query;

/**
 * What one ranked list added to a hit's fused score.
 *
 * @param part index of the query part
 * @param space the space searched, or {@code "bm25"} for text matching
 * @param field the field searched ({@code clip.image}, or {@code text} for BM25)
 * @param rank 1-based rank of the hit in that list
 * @param score the field's native score (cosine, BM25, metadata closeness)
 * @param evidence the score calibrated to evidence of relatedness, in nats above what chance gives
 *     ({@link dev.mmsearch.calibrate.Calibration}), before the part's weight
 * @param contribution what it added to the fused score ({@link Fusion}): 0 when another list
 *     about the same modality of the item gave stronger evidence, or when nothing in the list's
 *     group rose above chance; negative for negative weights
 * @param span the item's moment this list matched best (a video's shot), or null when the list
 *     scored the item as a whole
 */
public record Contribution(int part, String space, String field, int rank, double score, double evidence, double contribution,
    dev.mmsearch.index.Span span) {

  /** An entry about the item as a whole. */
  public Contribution(int part, String space, String field, int rank, double score, double evidence, double contribution) {
    this(part, space, field, rank, score, evidence, contribution, null);
  }

  /** The same entry adding {@code value} instead. */
  public Contribution withContribution(double value) {
    return new Contribution(part, space, field, rank, score, evidence, value, span);
  }
}
