package dev.mmsearch.encode;

/**
 * Separable 8-bit resampling that reproduces Pillow's {@code Image.resize} (Resample.c): kernel
 * support widened by the scale factor when shrinking (antialiasing), fixed-point coefficients,
 * horizontal pass then vertical pass, rounding to 8 bits in between. Matching Pillow matters because
 * model weights were trained on Pillow's pixels; a different bicubic shifts embeddings.
 *
 * <p>Works on planar 8-bit channels ({@code int} values 0–255). Stateless and thread-safe.
 */
final class Resampler {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private Resampler() {}

  /** Resizes each plane of {@code planes} (row-major, {@code width × height}) to the target size. */
  static int[][] resize(int[][] planes, int width, int height, int outWidth, int outHeight, ResampleFilter filter) {
    int[][] out = planes;
    int w = width;
    if (outWidth != width) {
      Coefficients c = Coefficients.of(width, outWidth, filter);
      int[][] next = new int[planes.length][];
      for (int p = 0; p < planes.length; p++) {
        next[p] = horizontal(out[p], w, height, c);
      }
      out = next;
      w = outWidth;
    }
    if (outHeight != height) {
      Coefficients c = Coefficients.of(height, outHeight, filter);
      int[][] next = new int[planes.length][];
      for (int p = 0; p < planes.length; p++) {
        next[p] = vertical(out[p], w, height, c);
      }
      out = next;
    }
    return out == planes ? copy(planes) : out;
  }

  private static int[][] copy(int[][] planes) {
    int[][] c = new int[planes.length][];
    for (int i = 0; i < planes.length; i++) {
      c[i] = planes[i].clone();
    }
    return c;
  }

  private static int[] horizontal(int[] in, int width, int height, Coefficients c) {
    int outWidth = c.bounds.length / 2;
    int[] out = new int[outWidth * height];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < outWidth; x++) {
        int min = c.bounds[2 * x];
        int n = c.bounds[2 * x + 1];
        long ss = 1L << (PRECISION_BITS - 1);
        int k = x * c.kernelSize;
        for (int i = 0; i < n; i++) {
          ss += (long) in[row + min + i] * c.weights[k + i];
        }
        out[y * outWidth + x] = clip8(ss);
      }
    }
    return out;
  }

  private static int[] vertical(int[] in, int width, int height, Coefficients c) {
    int outHeight = c.bounds.length / 2;
    int[] out = new int[width * outHeight];
    for (int y = 0; y < outHeight; y++) {
      int min = c.bounds[2 * y];
      int n = c.bounds[2 * y + 1];
      int k = y * c.kernelSize;
      for (int x = 0; x < width; x++) {
        long ss = 1L << (PRECISION_BITS - 1);
        for (int i = 0; i < n; i++) {
          ss += (long) in[(min + i) * width + x] * c.weights[k + i];
        }
        out[y * width + x] = clip8(ss);
      }
    }
    return out;
  }

  private static int clip8(long ss) {
    long v = ss >> PRECISION_BITS;
    return v < 0 ? 0 : v > 255 ? 255 : (int) v;
  }

  /** Per output pixel: first input index, tap count, and fixed-point weights. */
  private record Coefficients(int kernelSize, int[] bounds, int[] weights) {

    static Coefficients of(int inSize, int outSize, ResampleFilter filter) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = filter.support() * filterScale;
      int kernelSize = (int) Math.ceil(support) * 2 + 1;
      int[] bounds = new int[outSize * 2];
      int[] weights = new int[outSize * kernelSize];
      double[] k = new double[kernelSize];
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        double ss = 1.0 / filterScale;
        int min = (int) (center - support + 0.5);
        if (min < 0) {
          min = 0;
        }
        int max = (int) (center + support + 0.5);
        if (max > inSize) {
          max = inSize;
        }
        int n = max - min;
        double total = 0.0;
        for (int x = 0; x < n; x++) {
          double w = filter.weight((x + min - center + 0.5) * ss);
          k[x] = w;
          total += w;
        }
        for (int x = 0; x < n; x++) {
          double w = total != 0.0 ? k[x] / total : k[x];
          double fixed = w * (1 << PRECISION_BITS);
          weights[xx * kernelSize + x] = (int) (w < 0 ? fixed - 0.5 : fixed + 0.5);
        }
        bounds[2 * xx] = min;
        bounds[2 * xx + 1] = n;
      }
      return new Coefficients(kernelSize, bounds, weights);
    }
  }
}
