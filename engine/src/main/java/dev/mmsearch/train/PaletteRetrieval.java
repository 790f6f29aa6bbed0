package dev.mmsearch.train;

import dev.mmsearch.derive.Palette;
import dev.mmsearch.derive.PaletteVector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;

/**
 * The palette task of {@code mmsearch eval}: does searching palette vectors ({@link PaletteVector},
 * cosine) find the pictures whose palettes look alike? The query is a picture's palette; relevant
 * are the other pictures within a stated {@link Palette#distance} (ΔE), a measure the vector
 * encoding does not use. Reported: precision@10 (share of the top 10 that is relevant), recall@10
 * (share of the relevant found in the top 10, out of at most 10), and chance (precision@10 of a
 * random ranking), over the queries that have at least one relevant picture.
 *
 * @param queries queries with at least one relevant picture
 * @param sampled queries drawn
 * @param precisionAt10 mean precision@10
 * @param recallAt10 mean recall@10
 * @param chance mean share of relevant pictures among the candidates
 * @param meanRelevant mean number of relevant pictures per counted query
 */
public record PaletteRetrieval(int queries, int sampled, double precisionAt10, double recallAt10, double chance, double meanRelevant) {

  public static final int K = 10;

  /**
   * @param palettes every picture's palette (the candidates)
   * @param within ΔE under which two palettes count as alike
   * @param maxQueries queries drawn (seeded) from the pictures, or all when fewer
   */
  public static PaletteRetrieval measure(List<Palette> palettes, double within, int maxQueries, long seed) {
    int n = palettes.size();
    List<float[]> vectors = palettes.stream().map(PaletteVector::of).toList();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<Integer> drawn = order.subList(0, Math.min(maxQueries, n));
    double precision = 0;
    double recall = 0;
    double chance = 0;
    double relevantSum = 0;
    int counted = 0;
    for (int q : drawn) {
      boolean[] relevant = new boolean[n];
      int relevantCount = 0;
      double[] score = new double[n];
      Integer[] candidates = new Integer[n - 1];
      int j = 0;
      for (int c = 0; c < n; c++) {
        if (c == q) {
          continue;
        }
        relevant[c] = palettes.get(q).distance(palettes.get(c)) <= within;
        relevantCount += relevant[c] ? 1 : 0;
        score[c] = VectorUtil.dotProduct(vectors.get(q), vectors.get(c));
        candidates[j++] = c;
      }
      if (relevantCount == 0) {
        continue;
      }
      java.util.Arrays.sort(candidates, (a, b) -> Double.compare(score[b], score[a]));
      int found = 0;
      for (int r = 0; r < Math.min(K, candidates.length); r++) {
        found += relevant[candidates[r]] ? 1 : 0;
      }
      precision += found / (double) K;
      recall += found / (double) Math.min(K, relevantCount);
      chance += relevantCount / (double) (n - 1);
      relevantSum += relevantCount;
      counted++;
    }
    int c = Math.max(1, counted);
    return new PaletteRetrieval(counted, drawn.size(), precision / c, recall / c, chance / c, relevantSum / c);
  }

  public String row() {
    return String.format("palette→palette  %d of %d queries with a relevant picture (%.1f each on average):  P@10 %.3f  R@10 %.3f  "
        + "(chance P@10 %.3f)", queries, sampled, meanRelevant, precisionAt10, recallAt10, chance);
  }
}
