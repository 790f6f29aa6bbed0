package dev.mmsearch.query;

import java.util.Locale;

/**
 * Combines ranked lists (one per part × field) into one ranking. A document absent from a list
 * gets nothing from it; a part's weight applies to each of its lists.
 */
public enum Fusion {
  /**
   * Weighted reciprocal-rank fusion (Cormack et al. 2009): {@code Σ w / (60 + rank)} over every
   * list, rank from 1. Ignores scores entirely: an item first in two lists scores {@code 2w/61}, an
   * item first in one {@code w/61}, whatever the lists.
   */
  RRF {
    @Override
    public double contribution(int rank, double evidence, double weight) {
      return weight / (RRF_K + rank);
    }

    @Override
    boolean grouped() {
      return false;
    }
  },
  /**
   * Calibrated score fusion, the default: each hit's score becomes evidence of relatedness on one
   * scale for every field and query modality ({@link dev.mmsearch.calibrate.Calibration}, measured
   * on the index's own items), weighted by its part; evidence about different modalities of an
   * item adds up, lists about the same modality count once (the strongest). A fused score is thus
   * comparable across queries: see docs/architecture.md, "Scoring".
   */
  SCORE {
    @Override
    public double contribution(int rank, double evidence, double weight) {
      return weight * evidence;
    }

    @Override
    boolean grouped() {
      return true;
    }
  };

  /** The fusion used when a query names none. */
  public static final Fusion DEFAULT = SCORE;

  /** The constant of reciprocal-rank fusion (Cormack et al. 2009). */
  public static final int RRF_K = 60;

  /** What a hit at {@code rank} (from 1) with calibrated {@code evidence} adds, in a list of a part weighing {@code weight}. */
  public abstract double contribution(int rank, double evidence, double weight);

  /** Whether lists about the same modality of an item count once (the strongest) instead of adding up. */
  abstract boolean grouped();

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
