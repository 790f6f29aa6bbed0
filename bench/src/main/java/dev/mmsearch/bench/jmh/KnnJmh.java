package dev.mmsearch.bench.jmh;

import dev.mmsearch.encode.Modality;
import dev.mmsearch.encode.ModelIdentity;
import dev.mmsearch.encode.Similarity;
import dev.mmsearch.index.Filter;
import dev.mmsearch.index.Hit;
import dev.mmsearch.index.IndexSchema;
import dev.mmsearch.index.Item;
import dev.mmsearch.index.lucene.LuceneItemIndex;
import dev.mmsearch.index.VectorFieldSpec;
import dev.mmsearch.index.VectorFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One kNN search (k = 10, the product's default candidates and rescoring) per vector format on
 * 20,000 clustered 384-d unit vectors in one merged segment, through {@link LuceneItemIndex#knn}.
 * The recall side of the trade-off is {@code benchmark knn-sweep}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KnnJmh {

  @Param({"hnsw", "int8", "int4", "bbq"})
  public String format;

  private Path dir;
  private LuceneItemIndex index;
  private float[][] queries;
  private int next;

  private static float[] near(float[] centre, Random r) {
    float[] v = new float[centre.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = centre[i] + (float) (r.nextGaussian() * 0.02);
    }
    VectorUtil.l2normalize(v);
    return v;
  }

  @Setup(Level.Trial)
  public void build() throws IOException {
    Random r = new Random(5);
    float[][] centres = new float[200][384];
    for (float[] c : centres) {
      for (int i = 0; i < c.length; i++) {
        c[i] = (float) r.nextGaussian();
      }
      VectorUtil.l2normalize(c);
    }
    VectorFormat f = VectorFormat.fromString(format);
    VectorFieldSpec spec = new VectorFieldSpec("clip", Modality.IMAGE, 384, Similarity.COSINE, new ModelIdentity("jmh", "0".repeat(64)),
        f, VectorFieldSpec.DEFAULT_M, VectorFieldSpec.DEFAULT_BEAM_WIDTH, f.defaultOversample());
    dir = Files.createTempDirectory("mmsearch-jmh-knn");
    index = LuceneItemIndex.openForWriting(dir, IndexSchema.of(List.of(spec)));
    for (int i = 0; i < 20_000; i++) {
      index.upsert(new Item("i" + i, "", "", "", Map.of(), Map.of(), Map.of(spec.name(), near(centres[r.nextInt(centres.length)], r)),
          null, Map.of(), Map.of()));
    }
    index.forceMerge(1);
    queries = new float[256][];
    for (int q = 0; q < queries.length; q++) {
      queries[q] = near(centres[r.nextInt(centres.length)], r);
    }
  }

  @Benchmark
  public List<Hit> knn() {
    return index.knn("clip.image", queries[next++ & 255], 10, Filter.NONE);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    index.close();
    org.apache.lucene.util.IOUtils.rm(dir);
  }
}
