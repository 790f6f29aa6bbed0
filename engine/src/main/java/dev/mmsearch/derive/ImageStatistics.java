package dev.mmsearch.derive;

import dev.mmsearch.extract.Rasters;
import java.awt.image.BufferedImage;

/**
 * Numbers that describe how a picture looks, for metadata filters and soft metadata queries
 * ("bright, colourful, landscape"). Computed on the decoded pixels (alpha already on white), over a
 * grid of at most {@value #GRID} × {@value #GRID} samples so the cost does not grow with the
 * picture; sharpness is therefore measured at that scale, which is what makes it comparable
 * between pictures of different sizes.
 *
 * @param width pixels as stored (before any decoder subsampling, when known; else as decoded)
 * @param height pixels as stored
 * @param aspect width / height
 * @param megapixels width × height / 10⁶
 * @param brightness mean luma (Rec. 601 weights on the 8-bit values), 0–1
 * @param contrast RMS contrast: standard deviation of luma, 0–0.5
 * @param saturation mean HSV saturation, 0–1
 * @param colourfulness Hasler and Süsstrunk's M (2003) on 8-bit values: 0 for greys, about 33 "moderately", 59 "quite", 82+ "extremely" colourful
 * @param entropy Shannon entropy of the 256-bin luma histogram, in bits, 0–8
 * @param sharpness variance of the 4-neighbour Laplacian of luma (8-bit scale) over the sample grid; 0 for flat pictures
 */
public record ImageStatistics(int width, int height, double aspect, double megapixels, double brightness, double contrast,
    double saturation, double colourfulness, double entropy, double sharpness) {

  static final int GRID = 512;

  /** Statistics of {@code image}, reporting {@code width} × {@code height} as the stored size (a decoder may have subsampled). */
  public static ImageStatistics of(BufferedImage image, int width, int height) {
    int w = image.getWidth();
    int h = image.getHeight();
    int step = Math.max(1, (int) Math.ceil(Math.max(w, h) / (double) GRID));
    int gw = (w + step - 1) / step;
    int gh = (h + step - 1) / step;
    int[] pixels = Rasters.packedRgb(image);
    double[] luma = new double[gw * gh];
    long[] histogram = new long[256];
    double sumY = 0;
    double sumS = 0;
    double sumRg = 0;
    double sumRgRg = 0;
    double sumYb = 0;
    double sumYbYb = 0;
    for (int gy = 0; gy < gh; gy++) {
      for (int gx = 0; gx < gw; gx++) {
        int rgb = pixels[gy * step * w + gx * step];
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        double y = 0.299 * r + 0.587 * g + 0.114 * b;
        luma[gy * gw + gx] = y;
        histogram[(int) Math.min(255, y + 0.5)]++;
        sumY += y;
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        sumS += max == 0 ? 0 : (max - min) / (double) max;
        double rg = r - g;
        double yb = 0.5 * (r + g) - b;
        sumRg += rg;
        sumRgRg += rg * rg;
        sumYb += yb;
        sumYbYb += yb * yb;
      }
    }
    int n = gw * gh;
    double meanY = sumY / n;
    double varY = 0; // two passes: a flat picture's contrast is exactly 0
    for (double y : luma) {
      varY += (y - meanY) * (y - meanY);
    }
    varY /= n;
    double meanRg = sumRg / n;
    double meanYb = sumYb / n;
    double varRg = Math.max(0, sumRgRg / n - meanRg * meanRg);
    double varYb = Math.max(0, sumYbYb / n - meanYb * meanYb);
    double colourfulness = Math.sqrt(varRg + varYb) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
    double entropy = 0;
    for (long c : histogram) {
      if (c > 0) {
        double p = c / (double) n;
        entropy -= p * Math.log(p) / Math.log(2);
      }
    }
    return new ImageStatistics(width, height, width / (double) height, width * (double) height / 1e6, meanY / 255,
        Math.sqrt(varY) / 255, sumS / n, colourfulness, Math.max(0, entropy), laplacianVariance(luma, gw, gh));
  }

  /** Variance of {@code 4·centre − up − down − left − right} over the interior of the grid (0 when it has none). */
  private static double laplacianVariance(double[] luma, int w, int h) {
    if (w < 3 || h < 3) {
      return 0;
    }
    double sum = 0;
    double sumSq = 0;
    long n = 0;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        int i = y * w + x;
        double l = 4 * luma[i] - luma[i - 1] - luma[i + 1] - luma[i - w] - luma[i + w];
        sum += l;
        sumSq += l * l;
        n++;
      }
    }
    double mean = sum / n;
    return Math.max(0, sumSq / n - mean * mean);
  }
}
