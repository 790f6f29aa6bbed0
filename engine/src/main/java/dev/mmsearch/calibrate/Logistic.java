package dev.mmsearch.calibrate;

/**
 * One-feature logistic regression, {@code P(y = 1 | x) = 1 / (1 + exp(-(a + b x)))}, fitted by
 * Newton's method on class-balanced weights, so that {@code a + b x} estimates the log-likelihood
 * ratio of the two classes at {@code x} whatever their counts (Platt scaling). A tiny ridge keeps
 * the fit finite when the classes do not overlap.
 */
final class Logistic {

  /** Intercept and slope of the log-odds. */
  record Fit(double intercept, double slope) {}

  private static final double RIDGE = 1e-3;

  private Logistic() {}

  /** Fits on positives {@code pos} and negatives {@code neg}; each class weighs one half in all. */
  static Fit fit(double[] pos, double[] neg) {
    if (pos.length == 0 || neg.length == 0) {
      throw new IllegalArgumentException("a logistic fit needs both classes, got " + pos.length + " and " + neg.length);
    }
    double wp = 0.5 / pos.length;
    double wn = 0.5 / neg.length;
    double a = 0;
    double b = 0;
    for (int iter = 0; iter < 50; iter++) {
      // Gradient and Hessian of the weighted negative log-likelihood plus the ridge on b.
      double ga = 0;
      double gb = RIDGE * b;
      double haa = 1e-12;
      double hab = 0;
      double hbb = RIDGE;
      for (int c = 0; c < 2; c++) {
        double[] xs = c == 0 ? pos : neg;
        double y = c == 0 ? 1 : 0;
        double w = c == 0 ? wp : wn;
        for (double x : xs) {
          double p = 1 / (1 + Math.exp(-(a + b * x)));
          double r = w * (p - y);
          double v = w * p * (1 - p);
          ga += r;
          gb += r * x;
          haa += v;
          hab += v * x;
          hbb += v * x * x;
        }
      }
      double det = haa * hbb - hab * hab;
      if (!(det > 0)) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-9) {
        break;
      }
    }
    return new Fit(a, b);
  }
}
