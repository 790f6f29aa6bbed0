package dev.mmsearch.bench;

import java.util.List;

/**
 * The video benchmark's measures of time: temporal IoU of a returned moment and a true shot, and
 * how the boundaries a video was cut at match its true shot changes. Pure functions, checked on
 * hand-worked cases in {@code VideoMetricsTest}.
 */
final class VideoMetrics {

  /** A moment is correct when its temporal IoU with the true shot is at least this. */
  static final double CORRECT_IOU = 0.5;

  private VideoMetrics() {}

  /**
   * Temporal intersection over union of {@code [aStart, aEnd]} and {@code [bStart, bEnd]}: 0 when
   * they do not overlap, 1 when equal.
   */
  static double iou(double aStart, double aEnd, double bStart, double bEnd) {
    if (!(aEnd >= aStart) || !(bEnd >= bStart)) {
      throw new IllegalArgumentException("a range needs start <= end, got: " + aStart + ".." + aEnd + " and " + bStart + ".." + bEnd);
    }
    double inter = Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
    double union = Math.max(aEnd, bEnd) - Math.min(aStart, bStart);
    return union <= 0 ? (aStart == bStart ? 1 : 0) : inter / union;
  }

  /** The distance from {@code t} to the nearest of {@code boundaries}; infinite when there are none. */
  static double nearest(double t, List<Double> boundaries) {
    double best = Double.POSITIVE_INFINITY;
    for (double b : boundaries) {
      best = Math.min(best, Math.abs(b - t));
    }
    return best;
  }

  /** How many of {@code found} lie farther than {@code tolerance} from every one of {@code truth}: cuts that are not there. */
  static int extra(List<Double> found, List<Double> truth, double tolerance) {
    int n = 0;
    for (double f : found) {
      if (nearest(f, truth) > tolerance) {
        n++;
      }
    }
    return n;
  }
}
