package dev.mmsearch.derive.ocr;

import java.util.Arrays;

/**
 * Four corners of a text box, {@code x0,y0 … x3,y3}, and the geometry the DB post-processing needs:
 * OpenCV's {@code minAreaRect} with RapidOCR's corner order ({@code get_mini_boxes}), the imutils
 * clockwise order ({@code order_points_clockwise}), shapely's area and length, and pyclipper's
 * round-joined offset ({@code unclip}). Immutable.
 */
final class Quad {

  private final double[] xy;

  Quad(double... xy) {
    if (xy.length != 8) {
      throw new IllegalArgumentException("a quad has 8 coordinates, got: " + xy.length);
    }
    this.xy = xy.clone();
  }

  double x(int i) {
    return xy[2 * i];
  }

  double y(int i) {
    return xy[2 * i + 1];
  }

  /** The corners as floats, {@code x0,y0 … x3,y3}. */
  float[] toFloats() {
    float[] f = new float[8];
    for (int i = 0; i < 8; i++) {
      f[i] = (float) xy[i];
    }
    return f;
  }

  /** Distance between corners {@code i} and {@code j}. */
  double side(int i, int j) {
    return Math.hypot(x(i) - x(j), y(i) - y(j));
  }

  /** Shoelace area, positive whatever the orientation. */
  double area() {
    double a = 0;
    for (int i = 0; i < 4; i++) {
      int j = (i + 1) % 4;
      a += x(i) * y(j) - x(j) * y(i);
    }
    return Math.abs(a) / 2;
  }

  /** Sum of the four sides. */
  double perimeter() {
    return side(0, 1) + side(1, 2) + side(2, 3) + side(3, 0);
  }

  /** Each coordinate through {@code f}. */
  Quad map(java.util.function.DoubleUnaryOperator fx, java.util.function.DoubleUnaryOperator fy) {
    double[] out = new double[8];
    for (int i = 0; i < 4; i++) {
      out[2 * i] = fx.applyAsDouble(x(i));
      out[2 * i + 1] = fy.applyAsDouble(y(i));
    }
    return new Quad(out);
  }

  /**
   * imutils' {@code order_points_clockwise}: the two left-most corners (by x) sorted by y give
   * top-left and bottom-left, the two right-most give top-right and bottom-right.
   */
  Quad orderClockwise() {
    Integer[] byX = {0, 1, 2, 3};
    Arrays.sort(byX, (a, b) -> Double.compare(x(a), x(b)));
    int l0 = byX[0];
    int l1 = byX[1];
    int r0 = byX[2];
    int r1 = byX[3];
    int tl = y(l1) < y(l0) ? l1 : l0;
    int bl = tl == l0 ? l1 : l0;
    int tr = y(r1) < y(r0) ? r1 : r0;
    int br = tr == r0 ? r1 : r0;
    return new Quad(x(tl), y(tl), x(tr), y(tr), x(br), y(br), x(bl), y(bl));
  }

  /** A minimum-area rectangle with RapidOCR's corner order and its shorter side. */
  record MiniBox(Quad quad, double shortSide) {}

  /**
   * RapidOCR's {@code get_mini_boxes}: {@code cv2.minAreaRect} of the points, its corners sorted
   * by x; of the two left ones the upper is first and the lower last, of the two right ones the
   * upper second and the lower third.
   *
   * @param points {@code x0,y0,x1,y1,…}, at least one point
   */
  static MiniBox miniBox(double[] points, int count) {
    double[] r = minAreaRect(points, count);
    double[] p = Arrays.copyOf(r, 8);
    Integer[] byX = {0, 1, 2, 3};
    Arrays.sort(byX, (a, b) -> Double.compare(p[2 * a], p[2 * b]));
    int i1;
    int i4;
    if (p[2 * byX[1] + 1] > p[2 * byX[0] + 1]) {
      i1 = byX[0];
      i4 = byX[1];
    } else {
      i1 = byX[1];
      i4 = byX[0];
    }
    int i2;
    int i3;
    if (p[2 * byX[3] + 1] > p[2 * byX[2] + 1]) {
      i2 = byX[2];
      i3 = byX[3];
    } else {
      i2 = byX[3];
      i3 = byX[2];
    }
    Quad q = new Quad(p[2 * i1], p[2 * i1 + 1], p[2 * i2], p[2 * i2 + 1],
        p[2 * i3], p[2 * i3 + 1], p[2 * i4], p[2 * i4 + 1]);
    return new MiniBox(q, Math.min(r[8], r[9]));
  }

  /**
   * The smallest rectangle around the points (rotating calipers over the convex hull): its four
   * corners in order around it, then its two side lengths.
   */
  static double[] minAreaRect(double[] points, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("minAreaRect needs a point, got none");
    }
    double[] hull = convexHull(points, count);
    int n = hull.length / 2;
    if (n == 1) {
      return new double[] {hull[0], hull[1], hull[0], hull[1], hull[0], hull[1], hull[0], hull[1], 0, 0};
    }
    double best = Double.POSITIVE_INFINITY;
    double[] out = null;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      double ux = hull[2 * j] - hull[2 * i];
      double uy = hull[2 * j + 1] - hull[2 * i + 1];
      double len = Math.hypot(ux, uy);
      if (len == 0) {
        continue;
      }
      ux /= len;
      uy /= len;
      double vx = -uy;
      double vy = ux;
      double minU = Double.POSITIVE_INFINITY;
      double maxU = Double.NEGATIVE_INFINITY;
      double minV = Double.POSITIVE_INFINITY;
      double maxV = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        double px = hull[2 * k];
        double py = hull[2 * k + 1];
        double u = px * ux + py * uy;
        double v = px * vx + py * vy;
        minU = Math.min(minU, u);
        maxU = Math.max(maxU, u);
        minV = Math.min(minV, v);
        maxV = Math.max(maxV, v);
      }
      double area = (maxU - minU) * (maxV - minV);
      if (area < best - 1e-9) {
        best = area;
        out = new double[] {
          minU * ux + minV * vx, minU * uy + minV * vy,
          maxU * ux + minV * vx, maxU * uy + minV * vy,
          maxU * ux + maxV * vx, maxU * uy + maxV * vy,
          minU * ux + maxV * vx, minU * uy + maxV * vy,
          maxU - minU, maxV - minV};
      }
    }
    return out;
  }

  /** Andrew's monotone chain; collinear points dropped. Returns {@code x0,y0,…} counter-clockwise. */
  static double[] convexHull(double[] points, int count) {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(points[2 * a], points[2 * b]);
      return c != 0 ? c : Double.compare(points[2 * a + 1], points[2 * b + 1]);
    });
    double[] h = new double[4 * count + 4];
    int k = 0;
    for (int pass = 0; pass < 2; pass++) {
      int start = k;
      for (int t = 0; t < count; t++) {
        int idx = pass == 0 ? order[t] : order[count - 1 - t];
        double px = points[2 * idx];
        double py = points[2 * idx + 1];
        while (k - start >= 2 && cross(h, k - 2, k - 1, px, py) <= 0) {
          k--;
        }
        h[2 * k] = px;
        h[2 * k + 1] = py;
        k++;
      }
      k--; // the last point of each chain starts the other
    }
    if (k < 1) {
      k = 1;
    }
    // every point identical, or a chain that folded back on itself
    double[] out = Arrays.copyOf(h, 2 * k);
    if (k == 2 && out[0] == out[2] && out[1] == out[3]) {
      return Arrays.copyOf(out, 2);
    }
    return out;
  }

  private static double cross(double[] h, int a, int b, double px, double py) {
    return (h[2 * b] - h[2 * a]) * (py - h[2 * a + 1]) - (h[2 * b + 1] - h[2 * a + 1]) * (px - h[2 * a]);
  }

  /**
   * RapidOCR's {@code unclip}: the box grown by {@code area × ratio / perimeter} on every side
   * with round corners, as {@code pyclipper.PyclipperOffset} (Clipper 6, {@code JT_ROUND},
   * {@code ET_CLOSEDPOLYGON}, arc tolerance 0.25) computes it on the box's corners truncated to
   * integers. Returns the offset polygon's integer vertices, {@code x0,y0,…}; empty when the
   * truncated box has fewer than three distinct corners (Clipper drops such a path).
   */
  double[] unclip(double ratio) {
    double distance = area() * ratio / perimeter();
    long[] px = new long[4];
    long[] py = new long[4];
    int n = 0;
    for (int i = 0; i < 4; i++) {
      long qx = (long) x(i);
      long qy = (long) y(i);
      if (n > 0 && px[n - 1] == qx && py[n - 1] == qy) {
        continue;
      }
      px[n] = qx;
      py[n] = qy;
      n++;
    }
    while (n > 1 && px[0] == px[n - 1] && py[0] == py[n - 1]) {
      n--;
    }
    if (n < 3 || !(distance > 0)) {
      return new double[0];
    }
    // Clipper offsets outwards along the right-hand normal of a positively oriented path
    double signed = 0;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      signed += (double) px[i] * py[j] - (double) px[j] * py[i];
    }
    if (signed < 0) {
      for (int i = 0, j = n - 1; i < j; i++, j--) {
        long t = px[i];
        px[i] = px[j];
        px[j] = t;
        t = py[i];
        py[i] = py[j];
        py[j] = t;
      }
    }
    double[] nx = new double[n];
    double[] ny = new double[n];
    for (int j = 0; j < n; j++) {
      int k = (j + 1) % n;
      double dx = px[k] - px[j];
      double dy = py[k] - py[j];
      double f = 1 / Math.hypot(dx, dy);
      nx[j] = dy * f;
      ny[j] = -dx * f;
    }
    double arcTolerance = 0.25;
    double y = arcTolerance > distance * 0.25 ? distance * 0.25 : arcTolerance;
    double steps = Math.PI / Math.acos(1 - y / distance);
    if (steps > distance * Math.PI) {
      steps = distance * Math.PI;
    }
    double sin = Math.sin(2 * Math.PI / steps);
    double cos = Math.cos(2 * Math.PI / steps);
    double stepsPerRad = steps / (2 * Math.PI);
    java.util.List<long[]> out = new java.util.ArrayList<>();
    int k = n - 1;
    for (int j = 0; j < n; j++) {
      double sinA = nx[k] * ny[j] - nx[j] * ny[k];
      double cosA = nx[k] * nx[j] + ny[k] * ny[j];
      if (Math.abs(sinA * distance) < 1.0 && cosA > 0) {
        // an almost straight corner: one point, and (as Clipper does) the next corner still
        // measures its angle from this edge's normal
        out.add(new long[] {round(px[j] + nx[k] * distance), round(py[j] + ny[k] * distance)});
        continue;
      } else {
        sinA = Math.max(-1, Math.min(1, sinA));
        if (sinA * distance < 0) {
          out.add(new long[] {round(px[j] + nx[k] * distance), round(py[j] + ny[k] * distance)});
          out.add(new long[] {px[j], py[j]});
          out.add(new long[] {round(px[j] + nx[j] * distance), round(py[j] + ny[j] * distance)});
        } else {
          double a = Math.atan2(sinA, cosA);
          int count = Math.max((int) round(stepsPerRad * Math.abs(a)), 1);
          double vx = nx[k];
          double vy = ny[k];
          for (int i = 0; i < count; i++) {
            out.add(new long[] {round(px[j] + vx * distance), round(py[j] + vy * distance)});
            double t = vx;
            vx = vx * cos - sin * vy;
            vy = t * sin + vy * cos;
          }
          out.add(new long[] {round(px[j] + nx[j] * distance), round(py[j] + ny[j] * distance)});
        }
      }
      k = j;
    }
    double[] flat = new double[out.size() * 2];
    for (int i = 0; i < out.size(); i++) {
      flat[2 * i] = out.get(i)[0];
      flat[2 * i + 1] = out.get(i)[1];
    }
    return flat;
  }

  /** Clipper's {@code Round}: halves away from zero. */
  private static long round(double v) {
    return v < 0 ? (long) (v - 0.5) : (long) (v + 0.5);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quad q && Arrays.equals(xy, q.xy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xy);
  }

  @Override
  public String toString() {
    return "Quad" + Arrays.toString(xy);
  }
}
