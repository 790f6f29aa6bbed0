package dev.mmsearch.calibrate;

/**
 * How the raw scores of one kind of ranked list, a query of one modality against one field, turn
 * into evidence that an item is related to the query, measured on the index's own items.
 *
 * <p>A raw score is first standardised against <em>unrelated</em> pairs (a query and an item it
 * does not come from): {@code z = (score - mean) / sd}, so a cosine of 0.08 in a field where
 * unrelated cosines scatter around 0.02 ± 0.03 and one of 0.76 in a field where they scatter
 * around 0.45 ± 0.08 are put on one scale. The evidence is then how far the score stands above
 * the best that chance alone would give among the field's items, {@code sqrt(2 ln holders)} (3.3
 * for 242 pictures), times how well this kind of list tells related from unrelated pairs:
 * {@code slope · (z - chance)}. The slope is the per-unit-of-{@code z} log-likelihood ratio,
 * related versus unrelated, fitted by logistic regression on <em>related</em> pairs (two modalities
 * of one item: a caption's words and its picture, a picture and its sound) where the index has
 * enough of them; a field whose related pairs barely stand out (a weak cross-modal adapter) gets a
 * flat slope and cannot outweigh one that separates them well. Without related pairs a fixed
 * slope applies ({@link Calibration#fallback}).
 *
 * @param mean mean score of unrelated pairs
 * @param sd standard deviation of scores of unrelated pairs (positive)
 * @param slope evidence per unit of {@code z} (0 or more)
 * @param holders items that have the field: how many chance draws a list of it is the best of
 * @param unrelated unrelated pairs measured
 * @param related related pairs measured; 0 when the slope is the fallback
 */
public record FieldCalibration(double mean, double sd, double slope, long holders, int unrelated, int related) {

  public FieldCalibration {
    if (!(sd > 0) || !Double.isFinite(mean) || !(slope >= 0) || !Double.isFinite(slope) || holders < 0) {
      throw new IllegalArgumentException("calibration needs a finite mean, a positive sd, a finite, non-negative slope and a "
          + "count of holders, got " + mean + ", " + sd + ", " + slope + ", " + holders);
    }
  }

  /** The standardised score. */
  public double z(double score) {
    return (score - mean) / sd;
  }

  /** About the largest {@code z} among this field's items by chance alone: {@code sqrt(2 ln holders)}. */
  public double chance() {
    return Math.sqrt(2 * Math.log(Math.max(2, holders)));
  }

  /** The evidence of a raw score: {@code slope · (z - chance)}; positive above what chance gives, in nats. */
  public double evidence(double score) {
    return slope * (z(score) - chance());
  }
}
