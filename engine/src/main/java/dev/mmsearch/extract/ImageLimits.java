package dev.mmsearch.extract;

/**
 * Bounds that protect the process from hostile or accidental huge images. Checked before any raster
 * is allocated: bytes on arrival, pixels from the header.
 *
 * @param maxBytes largest accepted encoded size
 * @param maxPixels largest accepted width × height
 */
public record ImageLimits(long maxBytes, long maxPixels) {

  /** 64 MiB: larger than any camera JPEG, small enough to buffer per decode thread. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** About PIL's own bomb threshold (89.5 MP); a decoded raster this size needs ~400 MB. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  public static final ImageLimits DEFAULTS = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);

  public ImageLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got: " + maxBytes);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be at least 1, got: " + maxPixels);
    }
  }
}
