package dev.mmsearch.bench;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.VectorFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * Recall–latency sweep of one vector set through the product's own vector formats: for each
 * format and HNSW setting, build an index with {@link LuceneItemIndex} (the codec users get), then
 * for each number of graph candidates measure recall@10 against exact search, single-thread p50/p99
 * latency, and report the build rate and bytes per vector on disk and in memory. Quantized formats
 * rescore their candidates at full precision, as the product does. The index is left as the
 * indexer leaves it (several segments, not force-merged): each segment's graph is searched with the
 * same number of candidates and the results merged, which is what users get.
 */
final class KnnSweep {

  private KnnSweep() {}

  /** One setting to build. */
  record Setting(VectorFormat format, int m, int beamWidth) {}

  /** One measured point. */
  record Point(Setting setting, int candidates, double recall, double p50Ms, double p99Ms) {}

  /** Vectors on the unit sphere with {@code intrinsic} degrees of freedom: a random linear image of a Gaussian, plus small noise. */
  static List<float[]> synthetic(int n, int dims, int intrinsic, double noise, long seed) {
    Random r = new Random(seed);
    float[][] basis = new float[intrinsic][dims];
    for (float[] b : basis) {
      for (int d = 0; d < dims; d++) {
        b[d] = (float) r.nextGaussian();
      }
    }
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] v = new float[dims];
      for (float[] b : basis) {
        float z = (float) r.nextGaussian();
        for (int d = 0; d < dims; d++) {
          v[d] += z * b[d];
        }
      }
      double norm = Math.sqrt(VectorUtil.dotProduct(v, v));
      for (int d = 0; d < dims; d++) {
        v[d] = (float) (v[d] / norm + noise * r.nextGaussian() / Math.sqrt(dims));
      }
      VectorUtil.l2normalize(v);
      out.add(v);
    }
    return out;
  }

  /** Exact top 10 of each query. */
  static int[][] exact(List<float[]> corpus, List<float[]> queries) {
    int[][] truth = new int[queries.size()][];
    for (int q = 0; q < queries.size(); q++) {
      truth[q] = ExactSearch.topK(corpus, queries.get(q), 10);
    }
    return truth;
  }

  /**
   * Writes the corpus, the queries and the exact top 10 in the TEXMEX formats ({@code .fvecs},
   * {@code .ivecs}: per vector an int32 dimension then the values, little-endian), so peers
   * ({@code bench/peers.py}: hnswlib, FAISS) search exactly the same vectors.
   */
  static void export(List<float[]> corpus, List<float[]> queries, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeVecs(dir.resolve("corpus.fvecs"), corpus);
    writeVecs(dir.resolve("queries.fvecs"), queries);
    int[][] truth = exact(corpus, queries);
    try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(dir.resolve("truth.ivecs"))))) {
      for (int[] t : truth) {
        out.writeInt(Integer.reverseBytes(t.length));
        for (int v : t) {
          out.writeInt(Integer.reverseBytes(v));
        }
      }
    }
  }

  private static void writeVecs(Path file, List<float[]> vectors) throws IOException {
    try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      for (float[] v : vectors) {
        out.writeInt(Integer.reverseBytes(v.length));
        for (float x : v) {
          out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(x)));
        }
      }
    }
  }

  /**
   * Builds one index per setting, then measures each candidate count.
   *
   * @param merge force-merge each index to one segment before searching, as {@code mmsearch
   *     optimize} leaves a served index (the build rate is measured before the merge)
   */
  static List<Point> run(List<float[]> corpus, List<float[]> queries, List<Setting> settings, int[] candidates, Path work,
      boolean merge, PrintWriter out) throws IOException {
    int dims = corpus.getFirst().length;
    int[][] truth = exact(corpus, queries);
    List<Point> points = new ArrayList<>();
    out.printf("%d vectors, %d-d, %d queries; exact top 10 as truth; %d cores%n", corpus.size(), dims, queries.size(),
        Runtime.getRuntime().availableProcessors());
    out.println("| format | m | beam | segments | build vectors/s | disk bytes/vector | hot bytes/vector | candidates | recall@10 | p50 ms "
        + "| p99 ms |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Setting setting : settings) {
      Path dir = work.resolve(setting.format().id() + "-m" + setting.m() + "-b" + setting.beamWidth());
      IOUtils.rm(dir);
      VectorFieldSpec spec = new VectorFieldSpec("sweep", Modality.IMAGE, dims, Similarity.COSINE,
          new ModelIdentity("sweep", "0".repeat(64)), setting.format(), setting.m(), setting.beamWidth(),
          setting.format().defaultOversample());
      String field = spec.name();
      long t0 = System.nanoTime();
      double buildSeconds;
      try (LuceneItemIndex index = LuceneItemIndex.openForWriting(dir, IndexSchema.of(List.of(spec)))) {
        for (int i = 0; i < corpus.size(); i++) {
          index.upsert(new Item(Integer.toString(i), "", "", "", Map.of(), Map.of(), Map.of(field, corpus.get(i)), null, Map.of(),
              Map.of()));
        }
        index.commit(Map.of());
        buildSeconds = (System.nanoTime() - t0) / 1e9;
        if (merge) {
          index.forceMerge(1);
        }
      }
      Map<String, Long> bytes = bytesByExtension(dir);
      long disk = bytes.values().stream().mapToLong(Long::longValue).sum();
      // What must stay in the page cache for fast searches: the graph and the vectors it compares
      // (quantized ones when the format has them; the full vectors are then read only to rescore).
      long hot = bytes.getOrDefault("vex", 0L) + (setting.format().quantized()
          ? bytes.getOrDefault("veq", 0L) + bytes.getOrDefault("veb", 0L) : bytes.getOrDefault("vec", 0L));
      try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
        IndexSearcher searcher = new IndexSearcher(reader);
        int[] docToItem = docToItem(reader);
        int widest = Arrays.stream(candidates).max().orElse(10);
        for (int pass = 0; pass < 3; pass++) { // JIT and page cache warm-up of this setting
          for (float[] q : queries) {
            search(searcher, field, setting, q, widest);
          }
        }
        for (int c : candidates) {
          for (float[] q : queries) {
            search(searcher, field, setting, q, c);
          }
          long[] nanos = new long[queries.size()];
          int found = 0;
          for (int q = 0; q < queries.size(); q++) {
            long s0 = System.nanoTime();
            TopDocs top = search(searcher, field, setting, queries.get(q), c);
            nanos[q] = System.nanoTime() - s0;
            Set<Integer> want = new HashSet<>();
            for (int t : truth[q]) {
              want.add(t);
            }
            for (ScoreDoc sd : top.scoreDocs) {
              found += want.contains(docToItem[sd.doc]) ? 1 : 0;
            }
          }
          Arrays.sort(nanos);
          Point p = new Point(setting, c, found / (queries.size() * 10.0), nanos[nanos.length / 2] / 1e6,
              nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)] / 1e6);
          points.add(p);
          out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.0f | %d | %d | %d | %.3f | %.2f | %.2f |%n", setting.format().id(), setting.m(),
              setting.beamWidth(), reader.leaves().size(), corpus.size() / buildSeconds, disk / corpus.size(), hot / corpus.size(), c, p.recall(),
              p.p50Ms(), p.p99Ms());
          out.flush();
        }
      }
      IOUtils.rm(dir);
    }
    return points;
  }

  private static TopDocs search(IndexSearcher s, String field, Setting setting, float[] q, int candidates) throws IOException {
    Query query = new KnnFloatVectorQuery(field, q, Math.max(10, candidates));
    if (setting.format().quantized()) {
      query = s.rewrite(query);
      if (query instanceof MatchNoDocsQuery) {
        return new TopDocs(null, new ScoreDoc[0]);
      }
      query = RescoreTopNQuery.createFullPrecisionRescorerQuery(query, q, field, 10);
    }
    return s.search(query, 10);
  }

  private static int[] docToItem(DirectoryReader reader) throws IOException {
    int[] map = new int[reader.maxDoc()];
    for (LeafReaderContext leaf : reader.leaves()) {
      SortedDocValues ids = leaf.reader().getSortedDocValues("id");
      for (int d = 0; d < leaf.reader().maxDoc(); d++) {
        if (ids.advanceExact(d)) {
          map[leaf.docBase + d] = Integer.parseInt(ids.lookupOrd(ids.ordValue()).utf8ToString());
        }
      }
    }
    return map;
  }

  /** Bytes of the last commit's files by extension, looking inside compound files (small segments are packed in one). */
  private static Map<String, Long> bytesByExtension(Path dir) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (FSDirectory d = FSDirectory.open(dir)) {
      SegmentInfos infos = SegmentInfos.readLatestCommit(d);
      for (SegmentCommitInfo info : infos) {
        if (info.info.getUseCompoundFile()) {
          try (var cfs = info.info.getCodec().compoundFormat().getCompoundReader(d, info.info)) {
            for (String name : cfs.listAll()) {
              out.merge(extension(name), cfs.fileLength(name), Long::sum);
            }
          }
        } else {
          for (String name : info.files()) {
            out.merge(extension(name), d.fileLength(name), Long::sum);
          }
        }
      }
    }
    return out;
  }

  private static String extension(String name) {
    return name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
  }
}
