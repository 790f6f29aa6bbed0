package dev.mmsearch.derive.ocr;

/**
 * RapidOCR's {@code get_rotate_crop_image}: a text box cut out of the picture and straightened.
 * The crop is as wide as the box's longer horizontal side and as tall as its longer vertical side
 * (both truncated to integers); {@code cv2.getPerspectiveTransform} maps the box's corners to the
 * crop's ({@code (0,0), (w,0), (w,h), (0,h)}) and {@code cv2.warpPerspective} samples it with
 * bicubic interpolation ({@code INTER_CUBIC}, a = −0.75) and repeated borders. A crop at least
 * 1.5 times as tall as wide is turned a quarter counter-clockwise ({@code np.rot90}), so vertical
 * lines read left to right. Stateless.
 */
final class PerspectiveCrop {

  private static final double A = -0.75;

  private PerspectiveCrop() {}

  /** The straightened crop of {@code box}, or null when it has no area. */
  static BgrImage crop(BgrImage image, Quad box) {
    int w = (int) Math.max(box.side(0, 1), box.side(2, 3));
    int h = (int) Math.max(box.side(0, 3), box.side(1, 2));
    if (w < 1 || h < 1) {
      return null;
    }
    double[] m = transform(new double[] {0, 0, w, 0, w, h, 0, h},
        new double[] {box.x(0), box.y(0), box.x(1), box.y(1), box.x(2), box.y(2), box.x(3), box.y(3)});
    byte[] out = new byte[w * h * 3];
    double[] sample = new double[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double d = m[6] * x + m[7] * y + m[8];
        double sx = (m[0] * x + m[1] * y + m[2]) / d;
        double sy = (m[3] * x + m[4] * y + m[5]) / d;
        bicubic(image, sx, sy, sample);
        int o = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          out[o + c] = (byte) Math.min(255, Math.max(0, Math.round(sample[c])));
        }
      }
    }
    BgrImage crop = new BgrImage(w, h, out);
    return h / (double) w >= 1.5 ? crop.rotate90CounterClockwise() : crop;
  }

  /**
   * {@code cv2.getPerspectiveTransform(from, to)}: the 3×3 matrix (row-major, last entry 1) that
   * maps the four points {@code from} onto {@code to} in homogeneous coordinates.
   */
  static double[] transform(double[] from, double[] to) {
    double[][] a = new double[8][9];
    for (int i = 0; i < 4; i++) {
      double x = from[2 * i];
      double y = from[2 * i + 1];
      double u = to[2 * i];
      double v = to[2 * i + 1];
      a[i] = new double[] {x, y, 1, 0, 0, 0, -x * u, -y * u, u};
      a[i + 4] = new double[] {0, 0, 0, x, y, 1, -x * v, -y * v, v};
    }
    for (int col = 0; col < 8; col++) {
      int pivot = col;
      for (int r = col + 1; r < 8; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-12) {
        throw new IllegalArgumentException("the four points are degenerate (three on a line)");
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      for (int r = 0; r < 8; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c < 9; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] m = new double[9];
    for (int i = 0; i < 8; i++) {
      m[i] = a[i][8] / a[i][i];
    }
    m[8] = 1;
    return m;
  }

  /** OpenCV's bicubic sample at {@code (x, y)}, edge pixels repeated beyond the border. */
  static void bicubic(BgrImage image, double x, double y, double[] out) {
    int ix = (int) Math.floor(x);
    int iy = (int) Math.floor(y);
    double[] wx = weights(x - ix);
    double[] wy = weights(y - iy);
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    for (int j = 0; j < 4; j++) {
      int sy = Math.min(Math.max(iy - 1 + j, 0), image.height - 1);
      for (int i = 0; i < 4; i++) {
        int sx = Math.min(Math.max(ix - 1 + i, 0), image.width - 1);
        double w = wx[i] * wy[j];
        for (int c = 0; c < 3; c++) {
          out[c] += w * image.get(sx, sy, c);
        }
      }
    }
  }

  /** {@code interpolateCubic}: the four weights of a fractional offset {@code f} in 0..1. */
  static double[] weights(double f) {
    double w0 = ((A * (f + 1) - 5 * A) * (f + 1) + 8 * A) * (f + 1) - 4 * A;
    double w1 = ((A + 2) * f - (A + 3)) * f * f + 1;
    double w2 = ((A + 2) * (1 - f) - (A + 3)) * (1 - f) * (1 - f) + 1;
    return new double[] {w0, w1, w2, 1 - w0 - w1 - w2};
  }
}
