package dev.mmsearch.index.lucene;

import dev.mmsearch.index.*;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A build-time floor on search quality: with each vector format's default settings (the catalog's
 * defaults for m, beam width and oversampling, and the searcher's candidate count), kNN search over
 * real bundle vectors finds at least 90 % of the exact top 10. Measures recall, not time; the
 * recall–latency trade-off itself is in docs/benchmarks.md ({@code benchmark knn-sweep}).
 */
class DefaultRecallTest {

  static final double FLOOR = 0.9;

  @TempDir
  Path dir;

  static List<float[]> realVectors() throws IOException {
    try (InputStream raw = DefaultRecallTest.class.getResourceAsStream("/vectors/bundle-clip-image-3000.i8.gz");
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      int n = in.readInt();
      int dims = in.readInt();
      List<float[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float scale = in.readFloat();
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
          v[d] = in.readByte() * scale;
        }
        VectorUtil.l2normalize(v);
        out.add(v);
      }
      return out;
    }
  }

  @ParameterizedTest
  @EnumSource(VectorFormat.class)
  void defaultSettingsKeepRecallAtTenAboveTheFloor(VectorFormat format) throws Exception {
    List<float[]> all = realVectors();
    List<float[]> queries = all.subList(0, 200);
    List<float[]> corpus = all.subList(200, all.size());
    int dims = corpus.getFirst().length;
    VectorFieldSpec spec = new VectorFieldSpec("clip", Modality.IMAGE, dims, Similarity.COSINE, new ModelIdentity("bundle", "0".repeat(64)),
        format, VectorFieldSpec.DEFAULT_M, VectorFieldSpec.DEFAULT_BEAM_WIDTH, format.defaultOversample());
    int found = 0;
    try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, IndexSchema.of(List.of(spec)))) {
      for (int i = 0; i < corpus.size(); i++) {
        index.upsert(new Item("v" + i, "", "", "", Map.of(), Map.of(), Map.of(spec.name(), corpus.get(i)), null, Map.of(), Map.of()));
      }
      index.commit(Map.of());
      for (float[] q : queries) {
        Set<String> exact = new HashSet<>(exactTop10(corpus, q));
        for (Hit h : index.knn(spec.name(), q, 10, Filter.NONE)) {
          found += exact.contains(h.id()) ? 1 : 0;
        }
      }
    }
    double recall = found / (queries.size() * 10.0);
    assertTrue(recall >= FLOOR, format + " recall@10 " + recall + " < " + FLOOR);
  }

  private static List<String> exactTop10(List<float[]> corpus, float[] q) {
    Integer[] order = new Integer[corpus.size()];
    float[] score = new float[corpus.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      score[i] = VectorUtil.dotProduct(q, corpus.get(i));
    }
    Arrays.sort(order, (a, b) -> Float.compare(score[b], score[a]));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      out.add("v" + order[i]);
    }
    return out;
  }
}
