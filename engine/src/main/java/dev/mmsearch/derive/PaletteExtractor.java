package dev.mmsearch.derive;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * Finds a picture's dominant colours: k-means++ (Commons Math) in CIELAB over a grid of at most
 * {@value #GRID} × {@value #GRID} samples, up to {@value #MAX_COLOURS} clusters, then clusters
 * closer than {@value #MERGE_DELTA_E} ΔE merged (one colour is not reported twice in two shades).
 * Deterministic: the seed is fixed, so a picture always gets the same palette. Alpha is ignored
 * (decoders put transparent pictures on white first). A picture with fewer distinct colours than
 * {@value #MAX_COLOURS} gets that many. Thread-safe.
 */
public final class PaletteExtractor {

  public static final int MAX_COLOURS = 8;
  static final int GRID = 96;
  static final double MERGE_DELTA_E = 10;
  private static final int ITERATIONS = 40;
  private static final long SEED = 4_000_021L;

  public Palette extract(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int stepX = Math.max(1, (int) Math.ceil(w / (double) GRID));
    int stepY = Math.max(1, (int) Math.ceil(h / (double) GRID));
    List<DoublePoint> samples = new ArrayList<>();
    Set<Integer> distinct = new HashSet<>();
    for (int y = stepY / 2; y < h; y += stepY) {
      for (int x = stepX / 2; x < w; x += stepX) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        distinct.add(rgb);
        Lab lab = Lab.ofRgb(rgb);
        samples.add(new DoublePoint(new double[] {lab.l(), lab.a(), lab.b()}));
      }
    }
    int k = Math.min(MAX_COLOURS, distinct.size());
    List<double[]> centres = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    if (k == 1) {
      centres.add(samples.getFirst().getPoint());
      sizes.add(samples.size());
    } else {
      JDKRandomGenerator random = new JDKRandomGenerator();
      random.setSeed(SEED);
      KMeansPlusPlusClusterer<DoublePoint> kmeans = new KMeansPlusPlusClusterer<>(k, ITERATIONS, new EuclideanDistance(), random,
          KMeansPlusPlusClusterer.EmptyClusterStrategy.LARGEST_POINTS_NUMBER);
      for (CentroidCluster<DoublePoint> c : kmeans.cluster(samples)) {
        if (!c.getPoints().isEmpty()) {
          centres.add(c.getCenter().getPoint());
          sizes.add(c.getPoints().size());
        }
      }
    }
    return merge(centres, sizes, samples.size());
  }

  /** Merges the closest pair of colours while it is under the merge distance; shares by sample count. */
  private static Palette merge(List<double[]> centres, List<Integer> sizes, int total) {
    List<double[]> c = new ArrayList<>(centres);
    List<Integer> n = new ArrayList<>(sizes);
    while (c.size() > 1) {
      int bi = -1;
      int bj = -1;
      double best = MERGE_DELTA_E;
      for (int i = 0; i < c.size(); i++) {
        for (int j = i + 1; j < c.size(); j++) {
          double d = distance(c.get(i), c.get(j));
          if (d < best) {
            best = d;
            bi = i;
            bj = j;
          }
        }
      }
      if (bi < 0) {
        break;
      }
      int ni = n.get(bi);
      int nj = n.get(bj);
      double[] merged = new double[3];
      for (int d = 0; d < 3; d++) {
        merged[d] = (c.get(bi)[d] * ni + c.get(bj)[d] * nj) / (ni + nj);
      }
      c.set(bi, merged);
      n.set(bi, ni + nj);
      c.remove(bj);
      n.remove(bj);
    }
    List<Palette.Swatch> swatches = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      swatches.add(new Palette.Swatch(new Lab(c.get(i)[0], c.get(i)[1], c.get(i)[2]), n.get(i) / (double) total));
    }
    return new Palette(swatches);
  }

  private static double distance(double[] p, double[] q) {
    double s = 0;
    for (int d = 0; d < 3; d++) {
      s += (p[d] - q[d]) * (p[d] - q[d]);
    }
    return Math.sqrt(s);
  }
}
