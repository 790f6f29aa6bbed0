package dev.mmsearch.encode;

/**
 * Separable 8-bit resampling that reproduces Pillow's {@code Image.resize} (Resample.c): kernel
 * support widened by the scale factor when shrinking (antialiasing), fixed-point coefficients,
 * horizontal pass then vertical pass, rounding to 8 bits in between. Matching Pillow matters because
 * model weights were trained on Pillow's pixels; a different bicubic shifts embeddings.
 *
 * <p>Reads packed RGB and writes planar 8-bit channels ({@code int} values 0–255). Stateless and thread-safe.
 */
final class Resampler {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private Resampler() {}

  /**
   * Resizes packed RGB pixels ({@code 0xRRGGBB}, row-major, {@code width × height}) to the target
   * size, returning three planes (R, G, B) of {@code outWidth × outHeight}. The horizontal pass
   * reads the packed pixels directly, so no full-size planes are ever made.
   */
  static int[][] resize(int[] rgb, int width, int height, int outWidth, int outHeight, ResampleFilter filter) {
    int[][] out = new int[3][];
    Coefficients h = outWidth != width ? Coefficients.of(width, outWidth, filter) : null;
    Coefficients v = outHeight != height ? Coefficients.of(height, outHeight, filter) : null;
    for (int p = 0; p < 3; p++) {
      int shift = 16 - 8 * p;
      int[] plane = h != null ? horizontal(rgb, shift, width, height, h) : channel(rgb, shift);
      out[p] = v != null ? vertical(plane, outWidth, height, v) : plane;
    }
    return out;
  }

  private static int[] channel(int[] rgb, int shift) {
    int[] out = new int[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = (rgb[i] >> shift) & 0xFF;
    }
    return out;
  }

  private static int[] horizontal(int[] in, int shift, int width, int height, Coefficients c) {
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
          ss += (long) ((in[row + min + i] >> shift) & 0xFF) * c.weights[k + i];
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
