package dev.mmsearch.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.util.VectorUtil;

/**
 * Exact retrieval metrics over unit vectors: each query's relevant candidates are those with the
 * same label (caption for text↔image, category for image↔image). Recall@k counts a query as found
 * when any relevant candidate ranks in the top k; MRR uses the first relevant rank. Chance is what
 * a random ranking scores on the same labels. Precision@k is the share of the top k that is
 * relevant (the usual figure for image→image by category, where many candidates are relevant).
 *
 * @param recall recall at 1, 5 and 10
 * @param precision precision at 1, 5 and 10
 */
public record RetrievalMetrics(int queries, double[] recall, double[] precision, double mrr, double[] chance) {

  public static final int[] KS = {1, 5, 10};

  /**
   * @param excludeSelf skip candidate i for query i (image→image within one collection)
   */
  public static RetrievalMetrics of(List<float[]> queries, List<String> queryLabels, List<float[]> candidates,
      List<String> candidateLabels, boolean excludeSelf) {
    int n = queries.size();
    double[] recall = new double[KS.length];
    double[] precision = new double[KS.length];
    double[] chance = new double[KS.length];
    double mrr = 0;
    int counted = 0;
    for (int q = 0; q < n; q++) {
      float[] qv = queries.get(q);
      String label = queryLabels.get(q);
      List<double[]> scored = new ArrayList<>();
      int relevant = 0;
      for (int c = 0; c < candidates.size(); c++) {
        if (excludeSelf && c == q) {
          continue;
        }
        boolean rel = Objects.equals(label, candidateLabels.get(c));
        relevant += rel ? 1 : 0;
        scored.add(new double[] {VectorUtil.dotProduct(qv, candidates.get(c)), rel ? 1 : 0});
      }
      if (relevant == 0) {
        continue;
      }
      counted++;
      scored.sort((a, b) -> Double.compare(b[0], a[0]));
      int first = -1;
      for (int r = 0; r < scored.size(); r++) {
        if (scored.get(r)[1] == 1) {
          first = r + 1;
          break;
        }
      }
      mrr += 1.0 / first;
      int total = scored.size();
      for (int i = 0; i < KS.length; i++) {
        recall[i] += first <= KS[i] ? 1 : 0;
        int hits = 0;
        for (int r = 0; r < Math.min(KS[i], scored.size()); r++) {
          hits += (int) scored.get(r)[1];
        }
        precision[i] += (double) hits / KS[i];
        // Probability that a random ranking puts at least one of `relevant` in the top k.
        double none = 1;
        for (int j = 0; j < Math.min(KS[i], total); j++) {
          none *= (double) (total - relevant - j) / (total - j);
          if (none <= 0) {
            none = 0;
            break;
          }
        }
        chance[i] += 1 - none;
      }
    }
    for (int i = 0; i < KS.length; i++) {
      recall[i] /= Math.max(1, counted);
      precision[i] /= Math.max(1, counted);
      chance[i] /= Math.max(1, counted);
    }
    return new RetrievalMetrics(counted, recall, precision, mrr / Math.max(1, counted), chance);
  }

  public String row(String name) {
    return String.format("%-14s %6d   %.3f  %.3f  %.3f   %.3f   %.3f   (chance %.3f  %.3f  %.3f)", name, queries, recall[0], recall[1],
        recall[2], mrr, precision[1], chance[0], chance[1], chance[2]);
  }

  public static String header() {
    return String.format("%-14s %6s   %5s  %5s  %5s   %5s   %5s", "task", "n", "R@1", "R@5", "R@10", "MRR", "P@5");
  }
}
