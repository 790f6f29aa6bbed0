package dev.mmsearch.extract;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * JPEG decoding by libjpeg-turbo's TurboJPEG library (Debian's {@code libturbojpeg0}), called
 * through JNA, when the machine has it. Two reasons: its SIMD decoder
 * reads a 640×480 photo in about a third of the time of the JDK's libjpeg 6b (the largest stage of
 * a picture query after the backbone), and it can decode straight at a reduced scale (scaled
 * inverse DCT, 1/8 to 7/8), so a 12-megapixel phone photo wanted at 1,024 pixels a side is never
 * expanded to 48 MB. At full scale its accurate IDCT and fancy upsampling give the same pixels as
 * the JDK's reader (checked in {@code ImageDecoderTest}).
 *
 * <p>Only plain cases are taken: three-channel or grey pictures (YCbCr, RGB, greyscale), baseline
 * or progressive. Anything else (CMYK, YCCK), and any error or warning the library reports, is
 * declined ({@link Optional#empty()}), and the JDK's reader decodes the picture with its own
 * checks and messages, so a corrupt or truncated file is reported exactly as without this library.
 * Declared sizes are checked against the limits before any pixel memory is taken.
 *
 * <p>Thread-safe: each call has its own TurboJPEG handle. Set {@code -Dmmsearch.turbojpeg=false}
 * to decode every JPEG with the JDK's reader.
 */
final class TurboJpeg {

  private static final Logger LOG = Logger.getLogger(TurboJpeg.class.getName());

  /** {@code TJPF_BGRX}: in little-endian memory, the bytes of a {@link BufferedImage#TYPE_INT_RGB} pixel. */
  private static final int TJPF_BGRX = 3;
  /** {@code TJFLAG_STOPONWARNING}: a damaged file stops the decoder instead of being filled with grey. */
  private static final int TJFLAG_STOPONWARNING = 8192;
  /** {@code TJFLAG_ACCURATEDCT}: the accurate integer IDCT, as the JDK's reader uses. */
  private static final int TJFLAG_ACCURATEDCT = 4096;
  private static final int TJCS_RGB = 0;
  private static final int TJCS_YCBCR = 1;
  private static final int TJCS_GRAY = 2;

  private static final TurboJpeg INSTANCE = load();

  /** The library's functions this class calls, bound by JNA's direct mapping (no proxy per call). */
  private static final class Lib {
    static native Pointer tjInitDecompress();

    static native int tjDecompressHeader3(Pointer handle, byte[] jpeg, NativeLong size, int[] width, int[] height,
        int[] subsampling, int[] colorspace);

    static native int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, int[] pixels, int width, int pitch,
        int height, int pixelFormat, int flags);

    static native int tjDestroy(Pointer handle);

    static native Pointer tjGetScalingFactors(int[] count);
  }

  /** Each factor the library can scale by: {numerator, denominator}. */
  private final int[][] scalingFactors;

  private TurboJpeg() {
    int[] count = new int[1];
    Pointer array = Lib.tjGetScalingFactors(count);
    scalingFactors = new int[count[0]][];
    for (int i = 0; i < count[0]; i++) {
      scalingFactors[i] = new int[] {array.getInt(8L * i), array.getInt(8L * i + 4)};
    }
  }

  private static TurboJpeg load() {
    if ("false".equals(System.getProperty("mmsearch.turbojpeg"))) {
      return null;
    }
    try {
      // Debian's libturbojpeg0 installs the versioned name only (the unversioned link is in -dev).
      Native.register(Lib.class, NativeLibrary.getInstance("libturbojpeg.so.0"));
      return new TurboJpeg();
    } catch (Throwable e) {
      LOG.log(Level.FINE, "libjpeg-turbo's TurboJPEG is not available; JPEGs are decoded by the JDK's reader", e);
      return null;
    }
  }

  /** The library, when this machine has it and it is not switched off. */
  static Optional<TurboJpeg> get() {
    return Optional.ofNullable(INSTANCE);
  }

  /**
   * Decodes a JPEG at the smallest scale that keeps the target's shorter side, or declines.
   *
   * @throws DecodeException when the picture declares more pixels or a longer side than the limits allow
   */
  Optional<BufferedImage> decode(byte[] jpeg, DecodeTarget target, ImageLimits limits) throws DecodeException {
    Pointer handle = Lib.tjInitDecompress();
    if (handle == null) {
      return Optional.empty();
    }
    try {
      NativeLong size = new NativeLong(jpeg.length);
      int[] width = new int[1];
      int[] height = new int[1];
      int[] colorspace = new int[1];
      if (Lib.tjDecompressHeader3(handle, jpeg, size, width, height, new int[1], colorspace) != 0) {
        return Optional.empty();
      }
      if (colorspace[0] != TJCS_YCBCR && colorspace[0] != TJCS_RGB && colorspace[0] != TJCS_GRAY) {
        return Optional.empty();
      }
      ImageDecoder.checkDeclared("JPEG", width[0], height[0], limits);
      int[] scale = scale(width[0], height[0], target);
      if (scale == null) {
        return Optional.empty();
      }
      int w = scaled(width[0], scale);
      int h = scaled(height[0], scale);
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
      int rc = Lib.tjDecompress2(handle, jpeg, size, pixels, w, 0, h, TJPF_BGRX, TJFLAG_STOPONWARNING | TJFLAG_ACCURATEDCT);
      return rc == 0 ? Optional.of(image) : Optional.empty();
    } finally {
      Lib.tjDestroy(handle);
    }
  }

  /**
   * The smallest scale (numerator, denominator) the library offers at most 1 that keeps the
   * shorter side at least the target's filtered side (DCT scaling averages, so it needs no
   * anti-aliasing margin) and the pixels within its bound; null when none does (the
   * JDK's reader then subsamples further).
   */
  private int[] scale(int width, int height, DecodeTarget target) {
    int[] best = null;
    for (int[] f : scalingFactors) {
      if (f[0] > f[1]) {
        continue;
      }
      int w = scaled(width, f);
      int h = scaled(height, f);
      boolean keepsSide = target.minSide() == 0 ? f[0] == f[1] : Math.min(w, h) >= Math.min(target.filteredSide(),
          Math.min(width, height));
      if (keepsSide && (long) w * h <= target.maxPixels()
          && (best == null || (long) f[0] * best[1] < (long) best[0] * f[1])) {
        best = f;
      }
    }
    return best;
  }

  /** {@code TJSCALED}: a dimension at a scale, rounded up. */
  private static int scaled(int dimension, int[] factor) {
    return (int) (((long) dimension * factor[0] + factor[1] - 1) / factor[1]);
  }
}
