package dev.mmsearch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmsearch.index.VectorFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnnSweepTest {

  @TempDir
  Path tmp;

  @Test
  void sweepsFormatsAndCandidatesAgainstExactSearchAndPlotsThem() throws Exception {
    List<float[]> vectors = KnnSweep.synthetic(1200, 64, 8, 0.1, 3);
    List<float[]> queries = vectors.subList(0, 30);
    List<float[]> corpus = vectors.subList(30, vectors.size());
    StringWriter log = new StringWriter();
    List<KnnSweep.Point> points = KnnSweep.run(corpus, queries, List.of(new KnnSweep.Setting(VectorFormat.HNSW, 16, 100),
        new KnnSweep.Setting(VectorFormat.INT8, 16, 100)), new int[] {10, 100}, tmp.resolve("work"), true, new PrintWriter(log, true));
    assertEquals(4, points.size());
    for (KnnSweep.Point p : points) {
      assertTrue(p.recall() >= 0 && p.recall() <= 1 && p.p50Ms() > 0, p.toString());
    }
    // More candidates never find fewer true neighbours, and 100 of 1,170 is close to exhaustive.
    assertTrue(points.get(1).recall() >= points.get(0).recall(), points.toString());
    assertTrue(points.get(1).recall() > 0.95, points.toString());
    assertTrue(log.toString().contains("| hnsw | 16 | 100 | 1 |"), "merged to one segment: " + log);
    List<Path> pngs = SweepPlot.write(points, "test", tmp.resolve("plots"));
    assertEquals(2, pngs.size());
    for (Path png : pngs) {
      byte[] head = Files.readAllBytes(png);
      assertEquals((byte) 0x89, head[0]);
      assertEquals('P', head[1]);
    }
  }

  @Test
  void exportWritesTexmexFilesPeersRead() throws Exception {
    List<float[]> vectors = KnnSweep.synthetic(50, 8, 4, 0.1, 1);
    KnnSweep.export(vectors.subList(5, 50), vectors.subList(0, 5), tmp.resolve("exp"));
    assertEquals(45L * (4 + 8 * 4), Files.size(tmp.resolve("exp/corpus.fvecs")));
    assertEquals(5L * (4 + 10 * 4), Files.size(tmp.resolve("exp/truth.ivecs")));
  }
}
