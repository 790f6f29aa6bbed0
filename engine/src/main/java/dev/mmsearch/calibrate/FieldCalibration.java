package dev.mmsearch.calibrate;

/**
 * How the raw scores of one kind of ranked list, a query of one modality against one field, turn
 * into evidence that an item is related to the query, measured on the index's own items.
 *
 * <p>A raw score is first standardised against <em>unrelated</em> pairs (a query and an item it
 * does not come from): {@code z = (score - mean) / sd}, so a cosine of 0.08 in a field where
 * unrelated cosines scatter around 0.02 ± 0.03 and one of 0.76 in a field where they scatter
 * around 0.45 ± 0.08 are put on one scale. Then {@code z} becomes a log-likelihood ratio, related
 * versus unrelated: fitted as {@code intercept + slope · z} on <em>related</em> pairs (two
 * modalities of one item: a caption's words and its picture, a picture and its sound) where the
 * index has enough of them, so a field whose related pairs barely stand out (a weak cross-modal
 * adapter) gets a flat slope and cannot outweigh a field that separates them well. Without related
 * pairs a fixed mapping applies ({@link Calibration#fallback}).
 *
 * @param mean mean score of unrelated pairs
 * @param sd standard deviation of scores of unrelated pairs (positive)
 * @param intercept log-likelihood ratio at {@code z = 0}
 * @param slope log-likelihood ratio per unit of {@code z} (0 or more)
 * @param unrelated unrelated pairs measured
 * @param related related pairs measured; 0 when the mapping is the fallback
 */
public record FieldCalibration(double mean, double sd, double intercept, double slope, int unrelated, int related) {

  public FieldCalibration {
    if (!(sd > 0) || !Double.isFinite(mean) || !Double.isFinite(intercept) || !(slope >= 0) || !Double.isFinite(slope)) {
      throw new IllegalArgumentException("calibration needs a finite mean, a positive sd and a finite, non-negative slope, got "
          + mean + ", " + sd + ", " + intercept + ", " + slope);
    }
  }

  /** The standardised score. */
  public double z(double score) {
    return (score - mean) / sd;
  }

  /** The log-likelihood ratio, related versus unrelated, of a raw score. */
  public double logLikelihoodRatio(double score) {
    return intercept + slope * z(score);
  }
}
