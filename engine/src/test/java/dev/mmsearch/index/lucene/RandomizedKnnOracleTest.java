package dev.mmsearch.index.lucene;

import dev.mmsearch.index.*;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.Similarity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random adds, replacements, deletes and commits; then HNSW results are compared with brute
 * force over what should be live. The seed is printed on failure (set -Dtests.seed to replay).
 */
class RandomizedKnnOracleTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @CsvSource({"HNSW, 0.95", "INT8, 0.95", "INT4, 0.9", "BBQ, 0.9"})
  void recallAgainstBruteForce(VectorFormat format, double minRecall) throws Exception {
    long seed = dev.mmsearch.testing.TestSeeds.seed("RandomizedKnnOracleTest " + format);
    Random r = new Random(seed);
    int dim = 32;
    IndexSchema schema = IndexSchema.of(List.of(
        VectorFieldSpec.of("s", Modality.IMAGE, dim, Similarity.COSINE, LuceneItemIndexTest.MODEL_A, format)));
    Map<String, float[]> live = new HashMap<>();
    // Clustered data, like real embeddings: 20 centres with noise.
    float[][] centres = new float[20][];
    for (int c = 0; c < centres.length; c++) {
      centres[c] = LuceneItemIndexTest.unit(r, dim);
    }
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, schema)) {
      for (int op = 0; op < 3000; op++) {
        int roll = r.nextInt(100);
        String id = "d" + r.nextInt(2500);
        if (roll < 85) {
          float[] v = noisy(centres[r.nextInt(centres.length)], r);
          live.put(id, v);
          index.upsert(new Item(id, "", "", "", Map.of(), Map.of(), Map.of("s.image", v)));
        } else if (roll < 97) {
          live.remove(id);
          index.delete(id);
        } else {
          index.commit(Map.of());
        }
      }
      index.commit(Map.of());
      List<Item> items = new ArrayList<>();
      live.forEach((id, v) -> items.add(new Item(id, "", "", "", Map.of(), Map.of(), Map.of("s.image", v))));
      int k = 10;
      double found = 0;
      int queries = 50;
      for (int q = 0; q < queries; q++) {
        float[] query = noisy(centres[r.nextInt(centres.length)], r);
        Set<String> exact = new HashSet<>(LuceneItemIndexTest.bruteForce(items, "s.image", query, k, Set.of()));
        for (Hit h : index.knn("s.image", query, k, Filter.NONE)) {
          assertTrue(live.containsKey(h.id()), "deleted item returned: " + h.id() + " (seed " + seed + ")");
          if (exact.contains(h.id())) {
            found++;
          }
        }
      }
      double recall = found / (queries * k);
      assertTrue(recall >= minRecall, format + " recall@10 " + recall + " < " + minRecall + " (seed " + seed + ")");
    }
  }

  private static float[] noisy(float[] centre, Random r) {
    float[] v = centre.clone();
    double n = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] += (float) (r.nextGaussian() * 0.15);
      n += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }
}
