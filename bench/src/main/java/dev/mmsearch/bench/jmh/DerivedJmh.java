package dev.mmsearch.bench.jmh;

import dev.mmsearch.derive.PaletteExtractor;
import dev.mmsearch.derive.PaletteVector;
import dev.mmsearch.calibrate.Calibration;
import dev.mmsearch.query.Fusion;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks of per-item and per-query work outside the models: palette extraction and
 * encoding of a decoded 256-pixel picture (what the indexer adds per picture), and fusing a text
 * query's six ranked lists of 100 hits (what every query pays after kNN).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DerivedJmh {

  private BufferedImage picture;
  private final PaletteExtractor extractor = new PaletteExtractor();
  private List<List<Double>> lists;

  @Setup
  public void setUp() {
    Random r = new Random(1);
    picture = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    for (int i = 0; i < 40; i++) {
      g.setColor(new Color(r.nextInt(0x1000000)));
      g.fillOval(r.nextInt(256), r.nextInt(256), 20 + r.nextInt(100), 20 + r.nextInt(100));
    }
    g.dispose();
    lists = new ArrayList<>();
    for (int l = 0; l < 6; l++) {
      List<Double> scores = new ArrayList<>();
      double s = 1;
      for (int i = 0; i < 100; i++) {
        s -= r.nextDouble() * 0.01;
        scores.add(s);
      }
      lists.add(scores);
    }
  }

  @Benchmark
  public float[] palette() {
    return PaletteVector.of(extractor.extract(picture));
  }

  @Benchmark
  public double fuseSixLists() {
    // Six lists of 100 hits: calibrate each, then fuse every hit's entries (one per list here).
    double total = 0;
    for (List<Double> scores : lists) {
      double[] evidence = Calibration.NONE.evidence("text", "clip.image", "image", scores);
      for (int rank = 1; rank <= evidence.length; rank++) {
        total += Fusion.DEFAULT.contributions(List.of(new Fusion.Entry("0:image", rank, evidence[rank - 1], 1.0, true, 1.0)))[0];
      }
    }
    return total;
  }
}
