package dev.mmsearch.encode;

/**
 * Separable 8-bit resampling that reproduces Pillow's {@code Image.resize} (Resample.c): kernel
 * support widened by the scale factor when shrinking (antialiasing), fixed-point coefficients,
 * horizontal pass then vertical pass, rounding to 8 bits in between, 32-bit sums as Pillow's. Matching Pillow matters because
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
    Coefficients h = outWidth != width ? Coefficients.of(width, outWidth, filter) : null;
    Coefficients v = outHeight != height ? Coefficients.of(height, outHeight, filter) : null;
    int[][] planes = h != null ? horizontal(rgb, width, height, h) : channels(rgb);
    if (v != null) {
      for (int p = 0; p < 3; p++) {
        planes[p] = vertical(planes[p], outWidth, height, v);
      }
    }
    return planes;
  }

  private static int[][] channels(int[] rgb) {
    int[][] out = new int[3][rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[0][i] = (rgb[i] >> 16) & 0xFF;
      out[1][i] = (rgb[i] >> 8) & 0xFF;
      out[2][i] = rgb[i] & 0xFF;
    }
    return out;
  }

  /** All three channels in one pass over the packed pixels: each is read once, not once per channel. */
  private static int[][] horizontal(int[] in, int width, int height, Coefficients c) {
    int outWidth = c.bounds.length / 2;
    int[] r = new int[outWidth * height];
    int[] g = new int[outWidth * height];
    int[] b = new int[outWidth * height];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      for (int x = 0; x < outWidth; x++) {
        int min = c.bounds[2 * x];
        int n = c.bounds[2 * x + 1];
        int sr = 1 << (PRECISION_BITS - 1);
        int sg = sr;
        int sb = sr;
        int k = x * c.kernelSize;
        for (int i = 0; i < n; i++) {
          int px = in[row + min + i];
          int w = c.weights[k + i];
          sr += ((px >> 16) & 0xFF) * w;
          sg += ((px >> 8) & 0xFF) * w;
          sb += (px & 0xFF) * w;
        }
        int o = y * outWidth + x;
        r[o] = clip8(sr);
        g[o] = clip8(sg);
        b[o] = clip8(sb);
      }
    }
    return new int[][] {r, g, b};
  }

  /**
   * Row by row: each output row accumulates its input rows whole, left to right, so memory is
   * read in order (the sums are integers, so the order of the additions does not change them).
   */
  private static int[] vertical(int[] in, int width, int height, Coefficients c) {
    int outHeight = c.bounds.length / 2;
    int[] out = new int[width * outHeight];
    int[] sums = new int[width];
    for (int y = 0; y < outHeight; y++) {
      int min = c.bounds[2 * y];
      int n = c.bounds[2 * y + 1];
      int k = y * c.kernelSize;
      java.util.Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
      for (int i = 0; i < n; i++) {
        int w = c.weights[k + i];
        int row = (min + i) * width;
        for (int x = 0; x < width; x++) {
          sums[x] += in[row + x] * w;
        }
      }
      int o = y * width;
      for (int x = 0; x < width; x++) {
        out[o + x] = clip8(sums[x]);
      }
    }
    return out;
  }

  private static int clip8(int ss) {
    int v = ss >> PRECISION_BITS;
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
