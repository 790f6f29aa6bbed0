package dev.mmsearch.derive;

/**
 * Encodes a {@link Palette} as a vector for kNN search by cosine similarity, such that proportions
 * matter and near colours are near: a soft colour histogram over a fixed grid of CIELAB centres
 * (L* 10–90 in steps of 20, a* and b* −80–80 in steps of 20: {@value #DIMENSION} bins). Each
 * swatch spreads its proportion over the bins with a Gaussian of {@value #SIGMA} ΔE (normalised,
 * so a swatch adds exactly its share wherever it lies), and the vector is the square root of the
 * histogram at unit length. The cosine of two such vectors is then the Bhattacharyya coefficient
 * of the two smoothed colour distributions: 1 for the same palette, the square root of the shared
 * share when one palette holds part of the other (a red query scores a 70 % red picture about
 * √0.7 = 0.84), and it falls smoothly as colours drift apart instead of jumping between bins.
 * Alternatives and why not: the swatch colours as coordinates (order-dependent, no proportions),
 * hard histograms (a shade across a bin border scores 0), Earth Mover's Distance (the right
 * measure, but not a vector a kNN index can search).
 */
public final class PaletteVector {

  static final double SIGMA = 15;
  private static final double[] L_CENTRES = {10, 30, 50, 70, 90};
  private static final double[] AB_CENTRES = {-80, -60, -40, -20, 0, 20, 40, 60, 80};
  public static final int DIMENSION = L_CENTRES.length * AB_CENTRES.length * AB_CENTRES.length;

  private PaletteVector() {}

  public static float[] of(Palette palette) {
    double[] histogram = new double[DIMENSION];
    double[] kernel = new double[DIMENSION];
    for (Palette.Swatch s : palette.swatches()) {
      double sum = 0;
      int i = 0;
      for (double l : L_CENTRES) {
        for (double a : AB_CENTRES) {
          for (double b : AB_CENTRES) {
            double d = s.colour().distance(new Lab(l, a, b));
            kernel[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += kernel[i++];
          }
        }
      }
      for (int j = 0; j < DIMENSION; j++) {
        histogram[j] += s.proportion() * kernel[j] / sum;
      }
    }
    float[] v = new float[DIMENSION];
    double norm = 0;
    for (int j = 0; j < DIMENSION; j++) {
      norm += histogram[j]; // the sum of squares of the square roots
    }
    double scale = 1 / Math.sqrt(norm);
    for (int j = 0; j < DIMENSION; j++) {
      v[j] = (float) (Math.sqrt(histogram[j]) * scale);
    }
    return v;
  }
}
