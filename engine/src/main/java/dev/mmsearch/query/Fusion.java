package dev.mmsearch.query;

import dev.mmsearch.calibrate.Calibration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Combines ranked lists (one per part × field) into one ranking: given everything one item got
 * from the lists it is in, what each entry adds to its fused score. A document absent from a list
 * gets nothing from it.
 */
public enum Fusion {
  /**
   * Weighted reciprocal-rank fusion (Cormack et al. 2009): {@code Σ w / (60 + rank)} over every
   * list, rank from 1. Ignores scores entirely: an item first in two lists scores {@code 2w/61}, an
   * item first in one {@code w/61}, whatever the lists.
   */
  RRF {
    @Override
    public double[] contributions(List<Entry> entries) {
      double[] out = new double[entries.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = entries.get(i).weight() / (RRF_K + entries.get(i).rank());
      }
      return out;
    }
  },
  /**
   * Calibrated score fusion, the default. Each hit carries evidence in nats above what chance
   * gives ({@link Calibration}), on one scale for every field and query modality. Per part, the
   * lists about one modality of the item (its picture seen by two heads of one backbone, its
   * caption by a dense model and BM25) are one piece of evidence: the strongest counts. A group
   * whose best hit in the whole ranking is no better than chance has no signal. Evidence above
   * chance in groups with signal adds up across an item's groups (caption and picture agreeing);
   * below chance only the item's best group counts, by how close it comes ({@code log(1 +
   * e^evidence)}), so weak coincidences in several fields never add up to a match. A group without
   * signal counts there only as much as the item's kind (picture, sound, text) is what the query's
   * clear matches are: its {@link Entry#prior}. A negative weight subtracts the item's gain in
   * each group (a group without signal, by the prior). See docs/architecture.md, "Scoring".
   */
  SCORE {
    @Override
    public double[] contributions(List<Entry> entries) {
      Map<String, Integer> strongest = new HashMap<>();
      for (int i = 0; i < entries.size(); i++) {
        strongest.merge(entries.get(i).group(), i, (a, b) -> entries.get(b).evidence() > entries.get(a).evidence() ? b : a);
      }
      double[] out = new double[entries.size()];
      int bestRest = -1;
      double rest = 0;
      for (int i : strongest.values()) {
        Entry e = entries.get(i);
        double gain = Calibration.gain(e.evidence());
        if (e.weight() < 0) {
          out[i] = e.weight() * gain * (e.signal() ? 1 : e.prior());
          continue;
        }
        double above = e.signal() ? Math.max(0, e.evidence()) : 0;
        out[i] = e.weight() * above;
        double below = e.weight() * (gain - above) * (e.signal() ? 1 : e.prior());
        if (below > rest) {
          rest = below;
          bestRest = i;
        }
      }
      if (bestRest >= 0) {
        out[bestRest] += rest;
      }
      return out;
    }
  };

  /**
   * What one list gave an item.
   *
   * @param group the evidence group: the list's part and the modality of the items it scores
   * @param rank 1-based rank in the list
   * @param evidence calibrated evidence of the hit, nats above chance
   * @param weight the part's weight
   * @param signal whether the group's best hit in the whole ranking is above chance
   * @param prior how much the query's clear matches are of this item's kind, 0–1 (1 when the query
   *     has no clear match): what a group without signal may give it
   */
  public record Entry(String group, int rank, double evidence, double weight, boolean signal, double prior) {}

  /** The fusion used when a query names none. */
  public static final Fusion DEFAULT = SCORE;

  /** The constant of reciprocal-rank fusion (Cormack et al. 2009). */
  public static final int RRF_K = 60;

  /** What each of one item's entries adds to its fused score (the sum is the score). */
  public abstract double[] contributions(List<Entry> entries);

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
