package dev.mmsearch.extract;

/**
 * How large a decoded image needs to be, so the decoder can read large images at a fraction of
 * their size (ImageIO source subsampling) and memory depends on the target, not on what a header
 * declares.
 *
 * <p>The decoder picks the largest whole subsampling step {@code s} that keeps the shorter side at
 * least {@code minSide} pixels, then raises {@code s} until the raster has at most
 * {@code maxPixels} pixels. Subsampling keeps every {@code s}-th pixel; the encoders' own
 * antialiasing resize then does the rest, over at least {@code minSide / target} source pixels
 * per output pixel.
 *
 * <p>A decoder that reduces by filtering rather than by dropping pixels (libjpeg-turbo's DCT
 * scaling averages each block) needs no such margin: it may go down to {@code filteredSide}. That
 * is the encoders' own side where nothing else reads the picture (a query), and {@code minSide}
 * where something reads it at its detail (the indexer's text reader, previews).
 *
 * @param minSide shorter side to keep when the source has it; 0 keeps full resolution (within {@code maxPixels})
 * @param maxPixels most pixels the decoded raster may have
 * @param filteredSide shorter side a filtering reduction may go down to, at most {@code minSide}
 */
public record DecodeTarget(int minSide, long maxPixels, int filteredSide) {

  /** How many times the largest encoder input the decoded image keeps: enough that subsampling does not alias visibly. */
  public static final int MARGIN = 4;

  /** Decoded rasters never exceed this by default: 4 MP, 16 MB as {@code TYPE_INT_RGB}. */
  public static final long DEFAULT_MAX_PIXELS = 4_000_000L;

  /** Every pixel, as declared (the decoder's limits still apply): for tests and tools that need exact pixels. */
  public static final DecodeTarget FULL = new DecodeTarget(0, Long.MAX_VALUE);

  public DecodeTarget {
    if (minSide < 0) {
      throw new IllegalArgumentException("minSide must be at least 0, got: " + minSide);
    }
    if (filteredSide < 0 || filteredSide > minSide || (minSide > 0 && filteredSide == 0)) {
      throw new IllegalArgumentException("filteredSide must be from 1 to minSide (" + minSide + "), or 0 with it, got: "
          + filteredSide);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, got: " + maxPixels);
    }
  }

  /** A target whose filtering reductions keep {@code minSide} too. */
  public DecodeTarget(int minSide, long maxPixels) {
    this(minSide, maxPixels, minSide);
  }

  /**
   * The same target, letting a filtering reduction go down to {@code side} (not below what it
   * allows already, and never for a full-resolution target).
   */
  public DecodeTarget filteredDownTo(int side) {
    return minSide == 0 ? this : new DecodeTarget(minSide, maxPixels, Math.max(1, Math.min(filteredSide, side)));
  }

  /** A target for encoders whose inputs are at most {@code side} pixels on a side, plus a preview of {@code preview}. */
  public static DecodeTarget forInputs(int side, int preview) {
    return new DecodeTarget(Math.max(MARGIN * side, preview), DEFAULT_MAX_PIXELS);
  }

  /** The subsampling step for a {@code width × height} source: 1 keeps every pixel. */
  public int step(long width, long height) {
    long s = minSide == 0 ? 1 : Math.max(1, Math.min(width, height) / minSide);
    if (pixels(width, height, s) > maxPixels) {
      // Smallest step that fits, by bisection: the pixel count falls as the step grows.
      long lo = s;
      long hi = Math.max(width, height);
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        if (pixels(width, height, mid) > maxPixels) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      s = lo;
    }
    return (int) Math.min(Integer.MAX_VALUE, s);
  }

  private static long pixels(long width, long height, long step) {
    return ((width + step - 1) / step) * ((height + step - 1) / step);
  }
}
