package dev.mmsearch.derive;

import dev.mmsearch.encode.PillowResize;
import dev.mmsearch.encode.ResampleFilter;
import java.awt.image.BufferedImage;

/**
 * A picture's perceptual signature: its 64-bit pHash and 64-bit dHash, as the Python
 * {@code imagehash} library defines them (after Zauner 2010 and Krawetz's "Looks like it"), on
 * Pillow's pixels: luminance as Pillow's {@code convert("L")}, Lanczos resizing as Pillow's
 * {@code resize}; computed on the picture without its plain margin ({@link #trimmed}). Two copies of one picture (resized, recompressed, slightly cropped or recoloured)
 * differ in few bits; two different pictures in about half. {@link #vector} makes it a vector an
 * HNSW index searches: ±1 per bit at unit length, so the dot product of two signatures is
 * {@code 1 − 2·hamming/128}.
 *
 * <p>Why both: pHash (the signs of the lowest 8 × 8 DCT coefficients against their median) has
 * balanced bits on any picture and survives recompression and colour changes; dHash (whether each of
 * 8 × 9 luminance cells is brighter than its left neighbour) reacts to layout, so a burst shot with
 * the subject moved differs in it where the overall light (pHash's low frequencies) barely moves.
 *
 * @param phash the pHash bits, the first DCT coefficient (row 0, column 0) in the highest bit
 * @param dhash the dHash bits, row-major, the first cell in the highest bit
 */
public record PictureSignature(long phash, long dhash) {

  /** Bits in a signature, and the dimension of its vector. */
  public static final int BITS = 128;

  /** Side of the picture the pHash transforms. */
  static final int PHASH_SIDE = 32;

  /** The signature of a decoded picture (alpha already on white, as the decoder leaves it). */
  public static PictureSignature of(BufferedImage image) {
    BufferedImage content = trimmed(image);
    int w = content.getWidth();
    int h = content.getHeight();
    int[] luma = luma(content);
    return new PictureSignature(phash(luma, w, h), dhash(luma, w, h));
  }

  /** The imagehash definitions on the picture as it is, without {@link #trimmed}: what the reference test compares. */
  static PictureSignature untrimmed(BufferedImage image) {
    int[] luma = luma(image);
    return new PictureSignature(phash(luma, image.getWidth(), image.getHeight()), dhash(luma, image.getWidth(), image.getHeight()));
  }

  /** How far (0–255, any channel) a pixel may be from the corners' colour and still count as margin. */
  static final int MARGIN_TOLERANCE = 24;

  /**
   * The picture without a plain margin: when its four corners share one colour, the smallest box
   * holding every pixel of another colour. A small drawing on a white page otherwise leaves the
   * hashes little but white to compare, and different drawings collide (measured: docs/quality.md);
   * a margin cut more or less also no longer changes the hash. Pictures without a plain frame,
   * and boxes under 1 % of the picture, are left as they are.
   */
  static BufferedImage trimmed(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int corner = image.getRGB(0, 0);
    if (!near(image.getRGB(w - 1, 0), corner) || !near(image.getRGB(0, h - 1), corner) || !near(image.getRGB(w - 1, h - 1), corner)) {
      return image;
    }
    int top = h;
    int bottom = -1;
    int left = w;
    int right = -1;
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        if (!near(row[x], corner)) {
          top = Math.min(top, y);
          bottom = y;
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    int bw = right - left + 1;
    int bh = bottom - top + 1;
    if (bottom < 0 || (long) bw * bh * 100 < (long) w * h || bw == w && bh == h) {
      return image;
    }
    return image.getSubimage(left, top, bw, bh);
  }

  private static boolean near(int a, int b) {
    return Math.abs(((a >> 16) & 0xFF) - ((b >> 16) & 0xFF)) <= MARGIN_TOLERANCE
        && Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)) <= MARGIN_TOLERANCE
        && Math.abs((a & 0xFF) - (b & 0xFF)) <= MARGIN_TOLERANCE;
  }

  /** Luminance as Pillow's {@code convert("L")}: ITU-R 601-2 weights in 16-bit fixed point, rounded. */
  static int[] luma(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      rgb[i] = (((p >> 16) & 0xFF) * 19595 + ((p >> 8) & 0xFF) * 38470 + (p & 0xFF) * 7471 + 0x8000) >> 16;
    }
    return rgb;
  }

  /** imagehash.phash: 32 × 32 Lanczos, 2-D DCT-II, the top-left 8 × 8 coefficients above their median. */
  static long phash(int[] luma, int w, int h) {
    int n = PHASH_SIDE;
    int[] small = PillowResize.resizeLuma(luma, w, h, n, n, ResampleFilter.LANCZOS);
    double[][] cos = new double[8][n];
    for (int k = 0; k < 8; k++) {
      for (int i = 0; i < n; i++) {
        cos[k][i] = Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
      }
    }
    // Only the 8 lowest frequencies are kept, so only they are computed: first along columns (axis 0), then rows.
    double[][] cols = new double[8][n];
    for (int k = 0; k < 8; k++) {
      for (int x = 0; x < n; x++) {
        double s = 0;
        for (int y = 0; y < n; y++) {
          s += small[y * n + x] * cos[k][y];
        }
        cols[k][x] = 2 * s;
      }
    }
    double[] low = new double[64];
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        double s = 0;
        for (int x = 0; x < n; x++) {
          s += cols[r][x] * cos[c][x];
        }
        low[r * 8 + c] = 2 * s;
      }
    }
    double[] sorted = low.clone();
    java.util.Arrays.sort(sorted);
    double median = (sorted[31] + sorted[32]) / 2; // numpy.median of an even count
    long bits = 0;
    for (int i = 0; i < 64; i++) {
      bits = (bits << 1) | (low[i] > median ? 1 : 0);
    }
    return bits;
  }

  /** imagehash.dhash: 9 wide × 8 high Lanczos, each cell brighter than its left neighbour. */
  static long dhash(int[] luma, int w, int h) {
    int[] small = PillowResize.resizeLuma(luma, w, h, 9, 8, ResampleFilter.LANCZOS);
    long bits = 0;
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        bits = (bits << 1) | (small[r * 9 + c + 1] > small[r * 9 + c] ? 1 : 0);
      }
    }
    return bits;
  }

  /** Bits in which two signatures differ (0–128). */
  public int hamming(PictureSignature other) {
    return Long.bitCount(phash ^ other.phash) + Long.bitCount(dhash ^ other.dhash);
  }

  /** The signature as a unit vector of ±1/√128: pHash bits first, highest bit first. */
  public float[] vector() {
    return Bits.vector(new long[] {phash, dhash});
  }

  /** The signature a {@link #vector} holds (each value's sign is its bit). */
  public static PictureSignature fromVector(float[] v) {
    long[] words = Bits.words(v);
    if (words.length != 2) {
      throw new IllegalArgumentException("a picture signature vector has " + BITS + " values, got: " + v.length);
    }
    return new PictureSignature(words[0], words[1]);
  }

  /** The hexadecimal form imagehash prints ({@code str(hash)}), pHash then dHash. */
  public String hex() {
    return String.format("%016x%016x", phash, dhash);
  }
}
