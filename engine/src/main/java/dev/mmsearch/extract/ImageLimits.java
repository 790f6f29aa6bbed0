package dev.mmsearch.extract;

/**
 * Bounds that protect the process from hostile or accidental huge images. Checked before any raster
 * is allocated: bytes on arrival, width, height and pixels from the header.
 *
 * @param maxBytes largest accepted encoded size
 * @param maxPixels largest accepted width × height, as declared
 * @param maxSide largest accepted width or height: readers buffer a row at a time, so this bounds
 *     their row buffers (a 100,000,000 × 1 PNG is within any pixel limit)
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide) {

  /** 64 MiB: larger than any camera JPEG, small enough to buffer per decode thread. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** About PIL's own bomb threshold (89.5 MP). Images are decoded subsampled, so this bounds time, not memory. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /** JPEG's own maximum; a row of 16-bit RGBA this wide is 512 KB. */
  public static final int DEFAULT_MAX_SIDE = 65_535;

  public static final ImageLimits DEFAULTS = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);

  public ImageLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got: " + maxBytes);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, got: " + maxPixels);
    }
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be at least 1, got: " + maxSide);
    }
  }

  public ImageLimits(long maxBytes, long maxPixels) {
    this(maxBytes, maxPixels, DEFAULT_MAX_SIDE);
  }
}
