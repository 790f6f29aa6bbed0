package dev.mmsearch.derive.ocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Differentiable Binarization post-processing: from the detector's text probability map to boxes in
 * the input picture's pixels, as RapidOCR's {@code DBPostProcess} and {@code TextDetector} do it
 * with their configured values: threshold 0.3, a 2×2 dilation, at most 1000 candidate regions, a
 * minimum-area rectangle per region scored by the mean probability inside it ({@code score_mode
 * fast}) and kept at 0.5 or more, grown by {@code unclip_ratio} 1.6, scaled to the picture,
 * ordered clockwise, clipped, and sorted into reading order.
 *
 * <p>Regions are 8-connected components of the dilated bitmap; a region's outer contour and its
 * pixels have the same convex hull, so the same minimum-area rectangle. Where the reference takes
 * the first 1000 contours OpenCV lists, this takes the 1000 largest regions. Holes inside a region
 * ({@code RETR_LIST} lists their contours too) are not candidates. Immutable and thread-safe.
 */
final class DbPostProcess {

  static final float THRESH = 0.3f;
  static final float BOX_THRESH = 0.5f;
  static final double UNCLIP_RATIO = 1.6;
  static final int MAX_CANDIDATES = 1000;
  /** Boxes whose top-left corners differ by less than this in y are on one line (RapidOCR). */
  static final int LINE_Y_THRESHOLD = 10;

  private final int minSize;

  /** @param minSize the shortest box side kept, in map pixels (DB's {@code min_size}, 3) */
  DbPostProcess(int minSize) {
    if (minSize < 1) {
      throw new IllegalArgumentException("minSize must be at least 1, got: " + minSize);
    }
    this.minSize = minSize;
  }

  /** A box in the destination's pixels, clockwise from the top-left, and its DB score. */
  record Box(Quad quad, float score) {}

  /**
   * The boxes of probability map {@code pred} ({@code height × width}, row by row) in the
   * pixels of a {@code destWidth × destHeight} picture, in reading order.
   */
  List<Box> boxes(float[] pred, int width, int height, int destWidth, int destHeight) {
    if (pred.length != width * height) {
      throw new IllegalArgumentException("map of " + width + "x" + height + " needs " + width * height
          + " values, got: " + pred.length);
    }
    byte[] bitmap = dilate(threshold(pred), width, height);
    Regions regions = Regions.label(bitmap, width, height);
    List<Box> out = new ArrayList<>();
    for (int r : regions.largest(MAX_CANDIDATES)) {
      double[] points = regions.points(r);
      Quad.MiniBox mini = Quad.miniBox(points, points.length / 2);
      if (mini.shortSide() < minSize) {
        continue;
      }
      float score = scoreFast(pred, width, height, mini.quad());
      if (BOX_THRESH > score) {
        continue;
      }
      double[] grown = mini.quad().unclip(UNCLIP_RATIO);
      if (grown.length == 0) {
        continue;
      }
      Quad.MiniBox box = Quad.miniBox(grown, grown.length / 2);
      if (box.shortSide() < minSize + 2) {
        continue;
      }
      Quad scaled = box.quad().map(
          x -> Math.min(Math.max(Math.rint(x / width * destWidth), 0), destWidth),
          y -> Math.min(Math.max(Math.rint(y / height * destHeight), 0), destHeight));
      Quad kept = clip(scaled.orderClockwise(), destWidth, destHeight);
      if ((int) kept.side(0, 1) <= minSize || (int) kept.side(0, 3) <= minSize) {
        continue;
      }
      out.add(new Box(kept, score));
    }
    return sorted(out);
  }

  private static byte[] threshold(float[] pred) {
    byte[] b = new byte[pred.length];
    for (int i = 0; i < pred.length; i++) {
      b[i] = (byte) (pred[i] > THRESH ? 1 : 0);
    }
    return b;
  }

  /** {@code cv2.dilate} with a 2×2 kernel anchored at its centre: a pixel is set when it or its left, upper or upper-left neighbour is. */
  static byte[] dilate(byte[] bitmap, int width, int height) {
    byte[] out = new byte[bitmap.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        boolean on = bitmap[i] != 0
            || (x > 0 && bitmap[i - 1] != 0)
            || (y > 0 && bitmap[i - width] != 0)
            || (x > 0 && y > 0 && bitmap[i - width - 1] != 0);
        out[i] = (byte) (on ? 1 : 0);
      }
    }
    return out;
  }

  /** {@code clip_det_res}: each corner truncated into {@code [0, side - 1]}. */
  private static Quad clip(Quad q, int destWidth, int destHeight) {
    return q.map(
        x -> (int) Math.min(Math.max(x, 0), destWidth - 1),
        y -> (int) Math.min(Math.max(y, 0), destHeight - 1));
  }

  /**
   * {@code box_score_fast}: the mean of {@code pred} over the box's corners truncated to integers
   * and filled as {@code cv2.fillPoly} fills them (edges included), within the box's bounding
   * rectangle clipped to the map.
   */
  static float scoreFast(float[] pred, int width, int height, Quad box) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < 4; i++) {
      minX = Math.min(minX, box.x(i));
      maxX = Math.max(maxX, box.x(i));
      minY = Math.min(minY, box.y(i));
      maxY = Math.max(maxY, box.y(i));
    }
    int xmin = clamp((int) Math.floor(minX), width - 1);
    int xmax = clamp((int) Math.ceil(maxX), width - 1);
    int ymin = clamp((int) Math.floor(minY), height - 1);
    int ymax = clamp((int) Math.ceil(maxY), height - 1);
    // corners relative to the clipped rectangle, truncated as astype(np.int32) does
    double[] px = new double[4];
    double[] py = new double[4];
    for (int i = 0; i < 4; i++) {
      px[i] = (int) (box.x(i) - xmin);
      py[i] = (int) (box.y(i) - ymin);
    }
    int mw = xmax - xmin + 1;
    double sum = 0;
    long n = 0;
    for (int y = 0; y <= ymax - ymin; y++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int e = 0; e < 4; e++) {
        int f = (e + 1) % 4;
        double ya = py[e];
        double yb = py[f];
        if (y < Math.min(ya, yb) || y > Math.max(ya, yb)) {
          continue;
        }
        if (ya == yb) {
          lo = Math.min(lo, Math.min(px[e], px[f]));
          hi = Math.max(hi, Math.max(px[e], px[f]));
        } else {
          double x = px[e] + (y - ya) * (px[f] - px[e]) / (yb - ya);
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      if (lo > hi) {
        continue;
      }
      int a = Math.max(0, (int) Math.round(lo));
      int b = Math.min(mw - 1, (int) Math.round(hi));
      for (int x = a; x <= b; x++) {
        sum += pred[(y + ymin) * width + x + xmin];
        n++;
      }
    }
    return n == 0 ? 0f : (float) (sum / n);
  }

  private static int clamp(int v, int max) {
    return Math.min(Math.max(v, 0), max);
  }

  /**
   * RapidOCR's {@code sorted_boxes}: stable sort by the top-left corner's y; a box starts a new
   * line when its y is {@value #LINE_Y_THRESHOLD} or more below the previous box's; within a line,
   * left to right by the top-left corner's x.
   */
  static List<Box> sorted(List<Box> boxes) {
    List<Box> byY = new ArrayList<>(boxes);
    byY.sort(Comparator.comparingDouble(b -> b.quad().y(0)));
    int[] line = new int[byY.size()];
    for (int i = 1; i < byY.size(); i++) {
      double dy = byY.get(i).quad().y(0) - byY.get(i - 1).quad().y(0);
      line[i] = line[i - 1] + (dy >= LINE_Y_THRESHOLD ? 1 : 0);
    }
    Integer[] order = new Integer[byY.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> line[i]).thenComparingDouble(i -> byY.get(i).quad().x(0)));
    List<Box> out = new ArrayList<>(order.length);
    for (int i : order) {
      out.add(byY.get(i));
    }
    return out;
  }

  /** 8-connected regions of a bitmap, each with the ends of its row runs (enough for its hull). */
  static final class Regions {
    private final int[] size;
    private final int[] start;
    private final int[] runEnds; // x, y pairs grouped by region

    private Regions(int[] size, int[] start, int[] runEnds) {
      this.size = size;
      this.start = start;
      this.runEnds = runEnds;
    }

    static Regions label(byte[] bitmap, int width, int height) {
      int[] labels = new int[bitmap.length];
      int count = 0;
      int[] sizes = new int[16];
      int[] stack = new int[64];
      for (int i = 0; i < bitmap.length; i++) {
        if (bitmap[i] == 0 || labels[i] != 0) {
          continue;
        }
        count++;
        if (count >= sizes.length) {
          sizes = Arrays.copyOf(sizes, sizes.length * 2);
        }
        int top = 0;
        stack[top++] = i;
        labels[i] = count;
        int n = 0;
        while (top > 0) {
          int p = stack[--top];
          n++;
          int px = p % width;
          int py = p / width;
          for (int dy = -1; dy <= 1; dy++) {
            int ny = py + dy;
            if (ny < 0 || ny >= height) {
              continue;
            }
            for (int dx = -1; dx <= 1; dx++) {
              int nx = px + dx;
              if (nx < 0 || nx >= width || (dx == 0 && dy == 0)) {
                continue;
              }
              int q = ny * width + nx;
              if (bitmap[q] != 0 && labels[q] == 0) {
                labels[q] = count;
                if (top == stack.length) {
                  stack = Arrays.copyOf(stack, stack.length * 2);
                }
                stack[top++] = q;
              }
            }
          }
        }
        sizes[count] = n;
      }
      // row runs: count per region, then place each run's two ends
      int[] runs = new int[count + 2];
      forEachRun(labels, width, height, (label, x0, x1, y) -> runs[label + 1]++);
      int[] start = new int[count + 2];
      for (int r = 1; r <= count + 1; r++) {
        start[r] = start[r - 1] + runs[r];
      }
      int[] fill = Arrays.copyOf(start, start.length);
      int[] ends = new int[start[count + 1] * 4];
      forEachRun(labels, width, height, (label, x0, x1, y) -> {
        int at = fill[label]++ * 4;
        ends[at] = x0;
        ends[at + 1] = y;
        ends[at + 2] = x1;
        ends[at + 3] = y;
      });
      return new Regions(Arrays.copyOf(sizes, count + 1), start, ends);
    }

    private interface RunSink {
      void run(int label, int x0, int x1, int y);
    }

    private static void forEachRun(int[] labels, int width, int height, RunSink sink) {
      for (int y = 0; y < height; y++) {
        int x = 0;
        while (x < width) {
          int label = labels[y * width + x];
          if (label == 0) {
            x++;
            continue;
          }
          int x0 = x;
          while (x + 1 < width && labels[y * width + x + 1] == label) {
            x++;
          }
          sink.run(label, x0, x, y);
          x++;
        }
      }
    }

    int count() {
      return size.length - 1;
    }

    /** Up to {@code limit} region labels, largest first (ties: first found first). */
    int[] largest(int limit) {
      Integer[] labels = new Integer[count()];
      Arrays.setAll(labels, i -> i + 1);
      if (labels.length > limit) {
        Arrays.sort(labels, Comparator.<Integer>comparingInt(l -> -size[l]).thenComparingInt(l -> l));
      }
      int n = Math.min(limit, labels.length);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = labels[i];
      }
      if (labels.length > limit) {
        Arrays.sort(out);
      }
      return out;
    }

    /** The ends of region {@code label}'s row runs, {@code x0,y0,x1,y1,…}. */
    double[] points(int label) {
      int from = start[label] * 4;
      int to = start[label + 1] * 4;
      double[] out = new double[to - from];
      for (int i = from; i < to; i++) {
        out[i - from] = runEnds[i];
      }
      return out;
    }
  }
}
