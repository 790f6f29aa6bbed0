package dev.mmsearch.derive;

import dev.mmsearch.extract.Rasters;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finds a picture's dominant colours: weighted k-means++ in CIELAB, up to {@value #MAX_COLOURS}
 * clusters, then clusters closer than {@value #MERGE_DELTA_E} ΔE merged (one colour is not
 * reported twice in two shades). Deterministic: the seed is fixed, so a picture always gets the
 * same palette. Alpha is ignored (decoders put transparent pictures on white first). A picture
 * with fewer distinct colours than {@value #MAX_COLOURS} gets that many. Thread-safe.
 *
 * <p>Why it is cheap (the palette is computed for every indexed picture, so its cost is held to a
 * small fraction of an encoder pass, docs/benchmarks.md): a grid of at most {@value #GRID} ×
 * {@value #GRID} samples is first counted into {@value #BITS}-bit-per-channel RGB bins, each
 * keeping the mean of its samples' exact colours; k-means then runs over the occupied bins (a few
 * hundred in clip art, at most 4096) weighted by their counts, instead of over every sample, and
 * converts to Lab once per bin. A bin spans at most about 8 ΔE, under the merge distance, and
 * centres are still means of the exact colours, so a flat red picture gives exactly {@code #ff0000}.
 * Commons Math's k-means++ takes no weights, hence the small implementation here.
 */
public final class PaletteExtractor {

  public static final int MAX_COLOURS = 8;
  static final int GRID = 96;
  static final int BITS = 4;
  static final double MERGE_DELTA_E = 10;
  private static final int ITERATIONS = 40;
  private static final long SEED = 4_000_021L;

  public Palette extract(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] pixels = Rasters.packedRgb(image);
    int stepX = Math.max(1, (int) Math.ceil(w / (double) GRID));
    int stepY = Math.max(1, (int) Math.ceil(h / (double) GRID));
    int bins = 1 << (3 * BITS);
    int shift = 8 - BITS;
    int[] count = new int[bins];
    long[] sum = new long[bins * 3];
    int total = 0;
    for (int y = stepY / 2; y < h; y += stepY) {
      int row = y * w;
      for (int x = stepX / 2; x < w; x += stepX) {
        int rgb = pixels[row + x];
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int bin = ((r >> shift) << (2 * BITS)) | ((g >> shift) << BITS) | (b >> shift);
        count[bin]++;
        sum[3 * bin] += r;
        sum[3 * bin + 1] += g;
        sum[3 * bin + 2] += b;
        total++;
      }
    }
    int occupied = 0;
    for (int c : count) {
      occupied += c > 0 ? 1 : 0;
    }
    double[][] colours = new double[occupied][];
    double[] weights = new double[occupied];
    int i = 0;
    for (int bin = 0; bin < bins; bin++) {
      if (count[bin] > 0) {
        Lab lab = Lab.ofRgb(sum[3 * bin] / (double) count[bin], sum[3 * bin + 1] / (double) count[bin],
            sum[3 * bin + 2] / (double) count[bin]);
        colours[i] = new double[] {lab.l(), lab.a(), lab.b()};
        weights[i++] = count[bin];
      }
    }
    return merge(kMeans(colours, weights, Math.min(MAX_COLOURS, occupied)), total);
  }

  /** A cluster centre and the number of samples it holds. */
  private record Cluster(double[] centre, double weight) {}

  /** Weighted Lloyd iterations from a weighted k-means++ start (Arthur and Vassilvitskii 2007), until nothing moves. */
  private static List<Cluster> kMeans(double[][] points, double[] weights, int k) {
    SplittableRandom random = new SplittableRandom(SEED);
    double[][] centres = new double[k][];
    double[] nearest = new double[points.length];
    java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    centres[0] = points[pick(weights, null, random)].clone();
    for (int c = 1; c < k; c++) {
      for (int p = 0; p < points.length; p++) {
        nearest[p] = Math.min(nearest[p], squared(points[p], centres[c - 1]));
      }
      centres[c] = points[pick(weights, nearest, random)].clone();
    }
    int[] assigned = new int[points.length];
    java.util.Arrays.fill(assigned, -1);
    double[] mass = new double[k];
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      boolean moved = false;
      for (int p = 0; p < points.length; p++) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          double d = squared(points[p], centres[c]);
          if (d < bestDistance) {
            bestDistance = d;
            best = c;
          }
        }
        moved |= assigned[p] != best;
        assigned[p] = best;
      }
      double[][] sums = new double[k][3];
      java.util.Arrays.fill(mass, 0);
      for (int p = 0; p < points.length; p++) {
        mass[assigned[p]] += weights[p];
        for (int d = 0; d < 3; d++) {
          sums[assigned[p]][d] += weights[p] * points[p][d];
        }
      }
      for (int c = 0; c < k; c++) {
        if (mass[c] > 0) {
          for (int d = 0; d < 3; d++) {
            centres[c][d] = sums[c][d] / mass[c];
          }
        }
      }
      if (!moved) {
        break;
      }
    }
    List<Cluster> clusters = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (mass[c] > 0) {
        clusters.add(new Cluster(centres[c], mass[c]));
      }
    }
    return clusters;
  }

  /** An index drawn with probability proportional to {@code weights[i] × factor[i]} (factor 1 when null); ties of zero mass pick the first. */
  private static int pick(double[] weights, double[] factor, SplittableRandom random) {
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i] * (factor == null ? 1 : factor[i]);
    }
    double target = random.nextDouble() * total;
    int last = 0;
    for (int i = 0; i < weights.length; i++) {
      double m = weights[i] * (factor == null ? 1 : factor[i]);
      if (m > 0) {
        last = i;
        target -= m;
        if (target < 0) {
          return i;
        }
      }
    }
    return last;
  }

  /** Merges the closest pair of colours while it is under the merge distance; shares by sample count. */
  private static Palette merge(List<Cluster> clusters, int total) {
    List<Cluster> c = new ArrayList<>(clusters);
    while (c.size() > 1) {
      int bi = -1;
      int bj = -1;
      double best = MERGE_DELTA_E * MERGE_DELTA_E;
      for (int i = 0; i < c.size(); i++) {
        for (int j = i + 1; j < c.size(); j++) {
          double d = squared(c.get(i).centre(), c.get(j).centre());
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
      Cluster a = c.get(bi);
      Cluster b = c.get(bj);
      double[] merged = new double[3];
      for (int d = 0; d < 3; d++) {
        merged[d] = (a.centre()[d] * a.weight() + b.centre()[d] * b.weight()) / (a.weight() + b.weight());
      }
      c.set(bi, new Cluster(merged, a.weight() + b.weight()));
      c.remove(bj);
    }
    List<Palette.Swatch> swatches = new ArrayList<>();
    for (Cluster cluster : c) {
      double[] p = cluster.centre();
      swatches.add(new Palette.Swatch(new Lab(p[0], p[1], p[2]), cluster.weight() / total));
    }
    return new Palette(swatches);
  }

  private static double squared(double[] p, double[] q) {
    double dl = p[0] - q[0];
    double da = p[1] - q[1];
    double db = p[2] - q[2];
    return dl * dl + da * da + db * db;
  }
}
