package dev.mmsearch.bench;

import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.ItemIndex;
import dev.mmsearch.index.lucene.LuceneBackend;
import dev.mmsearch.index.VectorFieldSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A large index with the catalog's fields for load and recall measurements at sizes no test
 * collection reaches. Two fillings: clustered unit vectors (many items around a few hundred themes,
 * noise 0.35 per dimension — at hundreds of dimensions nearly uniform, the hardest case for a graph
 * index) with captions from a skewed vocabulary; or, with a real index to copy ({@code like}),
 * items that are real items' vectors moved by a small noise (norm {@value #LIKE_NOISE}) with their
 * real captions — the real collection's neighbourhoods, about {@code items / real items} near
 * copies of each.
 */
final class SyntheticCollection {

  static final int CLUSTERS = 500;
  static final int VOCABULARY = 3000;
  /** Norm of the noise added to a real vector when copying a real collection. */
  static final double LIKE_NOISE = 0.1;

  /** A real item to copy: its vectors by field and its text. */
  record Real(Map<String, float[]> vectors, String text) {}

  private SyntheticCollection() {}

  static String caption(Random r) {
    StringBuilder sb = new StringBuilder();
    int words = 4 + r.nextInt(8);
    for (int w = 0; w < words; w++) {
      // Squared uniform: low word ids are common, high ones rare.
      double u = r.nextDouble();
      sb.append(w == 0 ? "" : " ").append("w").append((int) (u * u * VOCABULARY));
    }
    return sb.toString();
  }

  static float[] around(float[] centre, double noise, Random r) {
    float[] v = new float[centre.length];
    double n = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (centre[i] + r.nextGaussian() * noise);
      n += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(n);
    }
    return v;
  }

  static float[] unit(int dim, Random r) {
    return around(new float[dim], 1.0, r);
  }

  /** Builds the index and measures kNN recall@10 per field against exact search on the same vectors. */
  static void build(IndexSchema schema, Path dir, int items, long seed, int recallQueries, PrintWriter out) throws IOException {
    build(schema, dir, items, seed, recallQueries, List.of(), out);
  }

  /** As above; with {@code like} non-empty, items copy real ones (see the class comment). */
  static void build(IndexSchema schema, Path dir, int items, long seed, int recallQueries, List<Real> like, PrintWriter out)
      throws IOException {
    Random r = new Random(seed);
    Map<String, float[][]> centres = new LinkedHashMap<>();
    Map<String, float[][]> vectors = new LinkedHashMap<>();
    for (VectorFieldSpec f : schema.fields().values()) {
      float[][] c = new float[CLUSTERS][];
      for (int i = 0; i < CLUSTERS; i++) {
        c[i] = unit(f.dimension(), r);
      }
      centres.put(f.name(), c);
      vectors.put(f.name(), new float[items][]);
    }
    long t0 = System.nanoTime();
    try (ItemIndex index = new LuceneBackend(dir).openForWriting(schema)) {
      for (int i = 0; i < items; i++) {
        int cluster = r.nextInt(CLUSTERS);
        Real real = like.isEmpty() ? null : like.get(r.nextInt(like.size()));
        Map<String, float[]> v = new LinkedHashMap<>();
        for (String field : centres.keySet()) {
          float[] base = real == null ? null : real.vectors().get(field);
          float[] x = real == null ? around(centres.get(field)[cluster], 0.35, r)
              : base == null ? null : around(base, LIKE_NOISE / Math.sqrt(base.length), r);
          if (x != null) {
            v.put(field, x);
          }
          vectors.get(field)[i] = x;
        }
        String text = real == null ? caption(r) : real.text();
        index.upsert(new Item("item-" + i, "", "", text, Map.of(), Map.of("shop", List.of("shop-" + r.nextInt(10))), v));
        if (i % 10_000 == 9_999) {
          index.commit(Map.of());
          out.printf("  %d items, %.0f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
          out.flush();
        }
      }
      index.commit(Map.of());
      out.printf("built %d items in %.0f s%n", items, (System.nanoTime() - t0) / 1e9);

      for (String field : centres.keySet()) {
        if (!like.isEmpty() && like.stream().noneMatch(real -> real.vectors().containsKey(field))) {
          out.printf("recall@10 %-12s -     (no copied item has it)%n", field);
          continue;
        }
        double found = 0;
        for (int q = 0; q < recallQueries; q++) {
          float[] query;
          if (like.isEmpty()) {
            query = around(centres.get(field)[r.nextInt(CLUSTERS)], 0.35, r);
          } else {
            float[] base = null;
            while (base == null) {
              base = like.get(r.nextInt(like.size())).vectors().get(field);
            }
            query = around(base, LIKE_NOISE / Math.sqrt(base.length), r);
          }
          Set<Integer> exact = exactTop(vectors.get(field), query, 10);
          for (Hit h : index.knn(field, query, 10, Filter.NONE)) {
            if (exact.contains(Integer.parseInt(h.id().substring("item-".length())))) {
              found++;
            }
          }
        }
        out.printf("recall@10 %-12s %.3f (%s, %d queries, exact search as truth)%n", field, found / (recallQueries * 10.0),
            schema.fields().get(field).format().id(), recallQueries);
      }
    }
  }

  /** The exact top k among the items that have the field (null entries are items without it). */
  private static Set<Integer> exactTop(float[][] all, float[] q, int k) {
    List<float[]> present = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      if (all[i] != null) {
        present.add(all[i]);
        ids.add(i);
      }
    }
    Set<Integer> s = new HashSet<>();
    for (int b : ExactSearch.topK(present, q, k)) {
      s.add(ids.get(b));
    }
    return s;
  }

  static List<String> queries(int n, long seed) {
    Random r = new Random(seed);
    List<String> q = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] words = caption(r).split(" ");
      q.add(String.join(" ", java.util.Arrays.copyOf(words, Math.min(3, words.length))));
    }
    return q;
  }
}
