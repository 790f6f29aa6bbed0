package dev.mmsearch.extract.video;

/**
 * A frame reduced to what shot detection and the poster choice compare: its luminance on a
 * {@value #SIDE} × {@value #SIDE} grid (area-averaged) and a histogram of each colour channel in
 * {@value #BINS} bins. About 1 KB whatever the frame's size, so every sample of a long video can be
 * kept. Immutable.
 */
public final class Signature {

  /** Grid side: coarse enough that motion, zoom and compression noise move little. */
  public static final int SIDE = 16;

  /** Bins per colour channel. */
  public static final int BINS = 8;

  /**
   * Luminance standard deviation (0–255 scale, on the grid) below which a frame is uniform:
   * black, a fade's darkest frames, a plain colour card. A fade from black to a test pattern is
   * above it from about 5 % brightness on.
   */
  public static final double UNIFORM_STD = 3.0;

  private final float[] luma;
  private final float[] histogram;
  private final double mean;
  private final double std;

  private Signature(float[] luma, float[] histogram) {
    this.luma = luma;
    this.histogram = histogram;
    double sum = 0;
    for (float v : luma) {
      sum += v;
    }
    mean = sum / luma.length;
    double squares = 0;
    for (float v : luma) {
      squares += (v - mean) * (v - mean);
    }
    std = Math.sqrt(squares / luma.length);
  }

  /** From {@value #SIDE} × {@value #SIDE} packed RGB bytes, row by row (what swscale writes). */
  public static Signature ofRgb(byte[] rgb) {
    if (rgb.length != SIDE * SIDE * 3) {
      throw new IllegalArgumentException("rgb must hold " + SIDE * SIDE * 3 + " bytes, got: " + rgb.length);
    }
    float[] luma = new float[SIDE * SIDE];
    float[] histogram = new float[3 * BINS];
    float share = 1f / (SIDE * SIDE);
    for (int i = 0; i < luma.length; i++) {
      int r = rgb[3 * i] & 0xFF;
      int g = rgb[3 * i + 1] & 0xFF;
      int b = rgb[3 * i + 2] & 0xFF;
      luma[i] = 0.299f * r + 0.587f * g + 0.114f * b;
      histogram[r * BINS / 256] += share;
      histogram[BINS + g * BINS / 256] += share;
      histogram[2 * BINS + b * BINS / 256] += share;
    }
    return new Signature(luma, histogram);
  }

  /** A uniform grey frame of {@code level} (0–255), for tests. */
  static Signature grey(int level) {
    byte[] rgb = new byte[SIDE * SIDE * 3];
    java.util.Arrays.fill(rgb, (byte) level);
    return ofRgb(rgb);
  }

  /** Mean luminance, 0–255. */
  public double lumaMean() {
    return mean;
  }

  /** Luminance standard deviation on the grid, 0–255: how much the picture shows. */
  public double lumaStd() {
    return std;
  }

  /** Whether the frame is black or a plain colour ({@link #UNIFORM_STD}). */
  public boolean uniform() {
    return std < UNIFORM_STD;
  }

  /**
   * {@code 1 − r}, r the Pearson correlation of the two luminance grids: 0 for the same layout
   * (whatever the brightness and contrast: a fade keeps it near 0), 1 for unrelated pictures, up to 2.
   * NaN when either frame is {@link #uniform()} (there is no layout to compare).
   */
  public static double structureDistance(Signature a, Signature b) {
    if (a.uniform() || b.uniform()) {
      return Double.NaN;
    }
    double dot = 0;
    for (int i = 0; i < a.luma.length; i++) {
      dot += (a.luma[i] - a.mean) * (b.luma[i] - b.mean);
    }
    double r = dot / (a.luma.length * a.std * b.std);
    return 1 - Math.max(-1, Math.min(1, r));
  }

  /**
   * {@code 1 − } the histogram intersection, averaged over the three channels: 0 for the same
   * colours in any arrangement (motion, zoom and pans keep it low), 1 for no colour in common.
   */
  public static double colourDistance(Signature a, Signature b) {
    double common = 0;
    for (int i = 0; i < a.histogram.length; i++) {
      common += Math.min(a.histogram[i], b.histogram[i]);
    }
    return 1 - common / 3;
  }

  /** Mean absolute luminance difference, 0–255: how much changed from one decoded frame to the next. */
  public static double lumaChange(Signature a, Signature b) {
    double sum = 0;
    for (int i = 0; i < a.luma.length; i++) {
      sum += Math.abs(a.luma[i] - b.luma[i]);
    }
    return sum / a.luma.length;
  }
}
