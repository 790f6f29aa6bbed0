package dev.mmsearch.query;

import java.util.List;
import java.util.Locale;

/**
 * Combines ranked lists (one per part × field) into one ranking. Each list carries a weight; a
 * document absent from a list gets nothing from it.
 */
public enum Fusion {
  /**
   * Weighted reciprocal-rank fusion: {@code Σ w / (60 + rank)}, rank from 1. Ignores score scales
   * entirely; a little better at surfacing items found by only one field.
   */
  RRF {
    @Override
    public double[] contributions(List<Double> scores, double weight) {
      double[] c = new double[scores.size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = weight / (RRF_K + i + 1);
      }
      return c;
    }
  },
  /**
   * Normalised-score fusion, the default: each list's scores are min-max scaled to [0, 1] and
   * weighted. Keeps score gaps, so a clear winner stays clear; measured better than RRF on the
   * bundle (R@10 0.814 vs 0.703, MRR 0.544 vs 0.473; docs/benchmarks.md).
   */
  SCORE {
    @Override
    public double[] contributions(List<Double> scores, double weight) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double s : scores) {
        min = Math.min(min, s);
        max = Math.max(max, s);
      }
      double[] c = new double[scores.size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = weight * (max > min ? (scores.get(i) - min) / (max - min) : 1.0);
      }
      return c;
    }
  };

  /** The fusion used when a query names none. */
  public static final Fusion DEFAULT = SCORE;

  /** The constant of reciprocal-rank fusion (Cormack et al. 2009). */
  public static final int RRF_K = 60;

  /** What each entry of a list (best first, with its scores) adds to its document's fused score. */
  public abstract double[] contributions(List<Double> scores, double weight);

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Fusion fromString(String s) {
    for (Fusion f : values()) {
      if (f.id().equalsIgnoreCase(s)) {
        return f;
      }
    }
    throw new IllegalArgumentException("Unknown fusion '" + s + "' (known: rrf, score)");
  }
}
