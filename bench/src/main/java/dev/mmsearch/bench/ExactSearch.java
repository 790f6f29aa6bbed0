package dev.mmsearch.bench;

import java.util.Arrays;
import java.util.List;
import org.apache.lucene.util.VectorUtil;

/** Brute-force nearest neighbours by dot product (cosine for unit vectors): the truth recall is measured against. */
final class ExactSearch {

  private ExactSearch() {}

  /** Positions of the {@code k} vectors of {@code corpus} with the highest dot product with {@code q}, best first. */
  static int[] topK(List<float[]> corpus, float[] q, int k) {
    int[] best = new int[k];
    float[] score = new float[k];
    Arrays.fill(score, Float.NEGATIVE_INFINITY);
    for (int c = 0; c < corpus.size(); c++) {
      float s = VectorUtil.dotProduct(q, corpus.get(c));
      if (s > score[k - 1]) {
        int pos = k - 1;
        while (pos > 0 && score[pos - 1] < s) {
          score[pos] = score[pos - 1];
          best[pos] = best[pos - 1];
          pos--;
        }
        score[pos] = s;
        best[pos] = c;
      }
    }
    return best;
  }
}
