package dev.mmsearch.derive.ocr;

/**
 * RapidOCR's {@code get_rotate_crop_image}: a text box cut out of the picture and straightened.
 * The crop is as wide as the box's longer horizontal side and as tall as its longer vertical side
 * (both truncated to integers); {@code cv2.getPerspectiveTransform} maps the box's corners to the
 * crop's ({@code (0,0), (w,0), (w,h), (0,h)}) and {@code cv2.warpPerspective} samples it with
 * bicubic interpolation ({@code INTER_CUBIC}, a = −0.75) and repeated borders, in OpenCV's fixed
 * point: source positions in 1/32 pixel, weights in 1/32768. A crop at least
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
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // as warpPerspective does it: the source position in 1/32 pixel steps (cvRound), then the
        // fixed-point bicubic table for that fraction
        double d = m[6] * x + m[7] * y + m[8];
        double scale = d != 0 ? TABLE_SIZE / d : 0;
        long sx = (long) Math.rint(clampInt((m[0] * x + m[1] * y + m[2]) * scale));
        long sy = (long) Math.rint(clampInt((m[3] * x + m[4] * y + m[5]) * scale));
        sample(image, (int) (sx >> 5), (int) (sy >> 5), (int) (sy & 31) * TABLE_SIZE + (int) (sx & 31), out,
            (y * w + x) * 3);
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

  private static final int TABLE_SIZE = 32;
  private static final int COEF_BITS = 15;
  private static final int COEF_SCALE = 1 << COEF_BITS;
  /** OpenCV's {@code BicubicTab_i}: 16 fixed-point weights for each of 32 × 32 fractions. */
  private static final short[] TABLE = table();

  private static double clampInt(double v) {
    return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  /**
   * {@code initInterTab2D(INTER_CUBIC, true)}: products of the 1-D float weights, rounded to 15-bit
   * fixed point, the sum forced to exactly 1 by adjusting the largest (or smallest) central weight.
   */
  private static short[] table() {
    short[] t = new short[TABLE_SIZE * TABLE_SIZE * 16];
    float[][] one = new float[TABLE_SIZE][];
    for (int i = 0; i < TABLE_SIZE; i++) {
      one[i] = weights(i / (float) TABLE_SIZE);
    }
    for (int fy = 0; fy < TABLE_SIZE; fy++) {
      for (int fx = 0; fx < TABLE_SIZE; fx++) {
        int base = (fy * TABLE_SIZE + fx) * 16;
        int sum = 0;
        for (int k1 = 0; k1 < 4; k1++) {
          for (int k2 = 0; k2 < 4; k2++) {
            float v = one[fy][k1] * one[fx][k2];
            short q = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.rint(v * COEF_SCALE)));
            t[base + k1 * 4 + k2] = q;
            sum += q;
          }
        }
        if (sum != COEF_SCALE) {
          int diff = sum - COEF_SCALE;
          int min1 = 2;
          int min2 = 2;
          int max1 = 2;
          int max2 = 2;
          for (int k1 = 2; k1 < 4; k1++) {
            for (int k2 = 2; k2 < 4; k2++) {
              if (t[base + k1 * 4 + k2] < t[base + min1 * 4 + min2]) {
                min1 = k1;
                min2 = k2;
              } else if (t[base + k1 * 4 + k2] > t[base + max1 * 4 + max2]) {
                max1 = k1;
                max2 = k2;
              }
            }
          }
          if (diff < 0) {
            t[base + max1 * 4 + max2] -= (short) diff;
          } else {
            t[base + min1 * 4 + min2] -= (short) diff;
          }
        }
      }
    }
    return t;
  }

  /**
   * {@code remapBicubic} for 8-bit pixels: the 4 × 4 neighbours of {@code (ix, iy)} (from one up
   * and left), edge pixels repeated, weighted by table entry {@code fraction}, rounded back to 8 bits.
   */
  private static void sample(BgrImage image, int ix, int iy, int fraction, byte[] out, int at) {
    int base = fraction * 16;
    for (int c = 0; c < 3; c++) {
      int sum = 0;
      for (int j = 0; j < 4; j++) {
        int sy = Math.min(Math.max(iy - 1 + j, 0), image.height - 1);
        for (int i = 0; i < 4; i++) {
          int sx = Math.min(Math.max(ix - 1 + i, 0), image.width - 1);
          sum += image.get(sx, sy, c) * TABLE[base + j * 4 + i];
        }
      }
      out[at + c] = (byte) Math.min(255, Math.max(0, (sum + (1 << (COEF_BITS - 1))) >> COEF_BITS));
    }
  }

  /** {@code interpolateCubic} in single precision, as OpenCV builds its table. */
  static float[] weights(float f) {
    float a = (float) A;
    float w0 = ((a * (f + 1) - 5 * a) * (f + 1) + 8 * a) * (f + 1) - 4 * a;
    float w1 = ((a + 2) * f - (a + 3)) * f * f + 1;
    float w2 = ((a + 2) * (1 - f) - (a + 3)) * (1 - f) * (1 - f) + 1;
    return new float[] {w0, w1, w2, 1f - w0 - w1 - w2};
  }

}
