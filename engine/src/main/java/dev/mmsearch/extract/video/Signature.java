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

  /** Shifts tried, in grid cells, when comparing layouts at the same scale (a pan of up to an eighth of the width). */
  static final int SHIFT = 2;

  /** Zoom factors tried besides 1 (with shifts of one cell): a zoom of 15 % either way between samples. */
  static final double[] ZOOMS = {1 / 1.15, 1.15};

  /** Grid points two layouts must have in common for a shifted or zoomed comparison to count. */
  static final int MIN_OVERLAP = 100;

  /** Mean luminance (0–255) under which a uniform frame is {@link #dark()}. */
  public static final double DARK_MEAN = 40;

  private final float[] luma;
  private final float[] histogram;
  private final float[] rgbMean;
  private final double mean;
  private final double std;

  private Signature(float[] luma, float[] histogram, float[] rgbMean) {
    this.luma = luma;
    this.histogram = histogram;
    this.rgbMean = rgbMean;
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
    float[] rgbMean = new float[3];
    float share = 1f / (SIDE * SIDE);
    for (int i = 0; i < luma.length; i++) {
      int r = rgb[3 * i] & 0xFF;
      int g = rgb[3 * i + 1] & 0xFF;
      int b = rgb[3 * i + 2] & 0xFF;
      luma[i] = 0.299f * r + 0.587f * g + 0.114f * b;
      histogram[r * BINS / 256] += share;
      histogram[BINS + g * BINS / 256] += share;
      histogram[2 * BINS + b * BINS / 256] += share;
      rgbMean[0] += r * share;
      rgbMean[1] += g * share;
      rgbMean[2] += b * share;
    }
    return new Signature(luma, histogram, rgbMean);
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

  /** Whether the frame is uniform and dark (mean luminance under {@link #DARK_MEAN}): black, or the end of a fade to black. */
  public boolean dark() {
    return uniform() && mean < DARK_MEAN;
  }

  /**
   * {@code 1 − r}, r the highest Pearson correlation of the two luminance grids over small
   * camera moves: {@code b} shifted by up to {@value #SHIFT} cells either way, or zoomed by
   * {@link #ZOOMS} and shifted by up to one cell (bilinear, on the cells both cover, at least
   * {@value #MIN_OVERLAP}). 0 for the same layout, however panned, zoomed a little, brightened or
   * faded; about 1 for unrelated pictures, up to 2. NaN when either frame is {@link #uniform()}
   * (there is no layout to compare).
   */
  public static double structureDistance(Signature a, Signature b) {
    if (a.uniform() || b.uniform()) {
      return Double.NaN;
    }
    double best = -1;
    for (int dy = -SHIFT; dy <= SHIFT; dy++) {
      for (int dx = -SHIFT; dx <= SHIFT; dx++) {
        best = Math.max(best, correlation(a, b, 1, dx, dy));
      }
    }
    for (double zoom : ZOOMS) {
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          best = Math.max(best, correlation(a, b, zoom, dx, dy));
        }
      }
    }
    return 1 - Math.max(-1, Math.min(1, best));
  }

  /**
   * Correlation of {@code a} at each cell (x, y) with {@code b} at ((x − c)·zoom + c + dx,
   * (y − c)·zoom + c + dy), c the grid's centre, over the cells where that falls inside {@code b};
   * -1 when too few do or either side is flat there.
   */
  private static double correlation(Signature a, Signature b, double zoom, int dx, int dy) {
    double centre = (SIDE - 1) / 2.0;
    int n = 0;
    double sa = 0;
    double sb = 0;
    double saa = 0;
    double sbb = 0;
    double sab = 0;
    for (int y = 0; y < SIDE; y++) {
      double by = (y - centre) * zoom + centre + dy;
      if (by < -1e-9 || by > SIDE - 1 + 1e-9) {
        continue;
      }
      for (int x = 0; x < SIDE; x++) {
        double bx = (x - centre) * zoom + centre + dx;
        if (bx < -1e-9 || bx > SIDE - 1 + 1e-9) {
          continue;
        }
        double va = a.luma[y * SIDE + x];
        double vb = zoom == 1 ? b.luma[(int) Math.round(by) * SIDE + (int) Math.round(bx)] : b.bilinear(bx, by);
        n++;
        sa += va;
        sb += vb;
        saa += va * va;
        sbb += vb * vb;
        sab += va * vb;
      }
    }
    if (n < MIN_OVERLAP) {
      return -1;
    }
    double cov = sab - sa * sb / n;
    double va = saa - sa * sa / n;
    double vb = sbb - sb * sb / n;
    if (va <= 1e-6 || vb <= 1e-6) {
      return -1;
    }
    return cov / Math.sqrt(va * vb);
  }

  private double bilinear(double x, double y) {
    double cx = Math.max(0, Math.min(SIDE - 1, x));
    double cy = Math.max(0, Math.min(SIDE - 1, y));
    int x0 = (int) cx;
    int y0 = (int) cy;
    int x1 = Math.min(x0 + 1, SIDE - 1);
    int y1 = Math.min(y0 + 1, SIDE - 1);
    double fx = cx - x0;
    double fy = cy - y0;
    double top = luma[y0 * SIDE + x0] * (1 - fx) + luma[y0 * SIDE + x1] * fx;
    double bottom = luma[y1 * SIDE + x0] * (1 - fx) + luma[y1 * SIDE + x1] * fx;
    return top * (1 - fy) + bottom * fy;
  }

  /**
   * Distance between the two frames' average colours with brightness taken out (chromaticity,
   * each channel's share of the sum): 0 for black, grey and white alike and for a fade of one
   * colour, about 0.6 between saturated red and blue.
   */
  public static double tintDistance(Signature a, Signature b) {
    double suma = a.rgbMean[0] + a.rgbMean[1] + a.rgbMean[2] + 1e-6;
    double sumb = b.rgbMean[0] + b.rgbMean[1] + b.rgbMean[2] + 1e-6;
    double d = 0;
    for (int c = 0; c < 3; c++) {
      double diff = a.rgbMean[c] / suma - b.rgbMean[c] / sumb;
      d += diff * diff;
    }
    return Math.sqrt(d);
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
}
