package dev.mmsearch.derive.ocr;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * An 8-bit, 3-channel picture in OpenCV's layout: rows of interleaved blue, green, red bytes. The
 * PP-OCR graphs were trained on pictures as {@code cv2.imread} gives them, so channels are fed in
 * this order. Immutable once built: every operation returns a new image.
 */
final class BgrImage {

  final int width;
  final int height;
  /** {@code width * height * 3} bytes, B G R per pixel, row by row. */
  private final byte[] data;

  BgrImage(int width, int height, byte[] data) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image sides must be at least 1, got: " + width + "x" + height);
    }
    if (data.length != width * height * 3) {
      throw new IllegalArgumentException("expected " + width * height * 3 + " bytes, got: " + data.length);
    }
    this.width = width;
    this.height = height;
    this.data = data;
  }

  /** A {@code width × height} image of one colour. */
  static BgrImage filled(int width, int height, int b, int g, int r) {
    byte[] d = new byte[width * height * 3];
    for (int i = 0; i < d.length; i += 3) {
      d[i] = (byte) b;
      d[i + 1] = (byte) g;
      d[i + 2] = (byte) r;
    }
    return new BgrImage(width, height, d);
  }

  /** A copy of the pixels, B G R per pixel, row by row (what {@code cv2} holds as an array). */
  byte[] toBytes() {
    return data.clone();
  }

  /** Channel {@code c} (0 = blue, 1 = green, 2 = red) at {@code (x, y)}, 0..255. */
  int get(int x, int y, int c) {
    return data[(y * width + x) * 3 + c] & 0xFF;
  }

  /**
   * The picture scaled so its longer side is at most {@code maxSide} (never enlarged), averaging
   * the source pixels that fall in each output pixel. Pictures with alpha are composed over white
   * or black, whichever contrasts with their visible pixels (RapidOCR's {@code LoadImage}). Reads
   * at most about four source pixels per output pixel: a 100-megapixel picture costs what its
   * scaled copy costs, not what its full size would.
   */
  static BgrImage of(BufferedImage picture, int maxSide) {
    int sw = picture.getWidth();
    int sh = picture.getHeight();
    double scale = Math.min(1.0, maxSide / (double) Math.max(sw, sh));
    int w = Math.max(1, (int) Math.round(sw * scale));
    int h = Math.max(1, (int) Math.round(sh * scale));
    int step = Math.max(1, (int) Math.floor(Math.min(sw / (double) w, sh / (double) h) / 2));
    Rows rows = Rows.of(picture);
    int background = picture.getColorModel().hasAlpha() ? background(rows, sw, sh, step) : -1;

    byte[] out = new byte[w * h * 3];
    int[] column = new int[sw];
    for (int x = 0; x < sw; x++) {
      column[x] = Math.min(w - 1, (int) ((long) x * w / sw));
    }
    long[] sum = new long[w * 3];
    int[] count = new int[w];
    int[] row = new int[sw];
    int current = 0;
    int filled = -1;
    for (int y = 0; y < sh; y += step) {
      int oy = Math.min(h - 1, (int) ((long) y * h / sh));
      if (oy != current) {
        filled = flush(out, w, current, filled, sum, count);
        current = oy;
      }
      rows.read(y, row);
      for (int x = 0; x < sw; x += step) {
        int argb = composite(row[x], background);
        int ox = column[x];
        sum[ox * 3] += argb & 0xFF;
        sum[ox * 3 + 1] += (argb >> 8) & 0xFF;
        sum[ox * 3 + 2] += (argb >> 16) & 0xFF;
        count[ox]++;
      }
    }
    filled = flush(out, w, current, filled, sum, count);
    for (int y = filled + 1; y < h; y++) {
      System.arraycopy(out, filled * w * 3, out, y * w * 3, w * 3);
    }
    return new BgrImage(w, h, out);
  }

  /** Writes the averaged row {@code y} (and copies the last one into rows no sample reached). */
  private static int flush(byte[] out, int w, int y, int filled, long[] sum, int[] count) {
    for (int x = 0; x < w; x++) {
      int n = Math.max(1, count[x]);
      int i = (y * w + x) * 3;
      out[i] = (byte) ((sum[x * 3] + n / 2) / n);
      out[i + 1] = (byte) ((sum[x * 3 + 1] + n / 2) / n);
      out[i + 2] = (byte) ((sum[x * 3 + 2] + n / 2) / n);
    }
    for (int x = 1; x < w; x++) {
      if (count[x] == 0) {
        int i = (y * w + x) * 3;
        System.arraycopy(out, i - 3, out, i, 3);
      }
    }
    for (int g = filled + 1; g < y; g++) {
      System.arraycopy(out, (filled < 0 ? y : filled) * w * 3, out, g * w * 3, w * 3);
    }
    java.util.Arrays.fill(sum, 0);
    java.util.Arrays.fill(count, 0);
    return y;
  }

  /**
   * White where the visible pixels are dark on average (luminance below 128), else black; white
   * for a fully transparent picture.
   */
  private static int background(Rows rows, int sw, int sh, int step) {
    int[] row = new int[sw];
    double luminance = 0;
    long n = 0;
    for (int y = 0; y < sh; y += step) {
      rows.read(y, row);
      for (int x = 0; x < sw; x += step) {
        int p = row[x];
        if ((p >>> 24) > 0) {
          luminance += 0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
          n++;
        }
      }
    }
    return n == 0 || luminance / n < 128 ? 0xFFFFFF : 0x000000;
  }

  /** {@code argb} over {@code background} as RapidOCR blends it (truncated); as it is without one. */
  private static int composite(int argb, int background) {
    if (background < 0) {
      return argb;
    }
    float a = (argb >>> 24) / 255f;
    int out = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      float v = ((argb >> shift) & 0xFF) * a + ((background >> shift) & 0xFF) * (1 - a);
      out |= Math.min(255, (int) v) << shift;
    }
    return out;
  }

  /** Reads one row of packed RGB; the decoder's own type without a copy of the whole raster. */
  private interface Rows {
    void read(int y, int[] row);

    static Rows of(BufferedImage picture) {
      int w = picture.getWidth();
      if ((picture.getType() == BufferedImage.TYPE_INT_RGB || picture.getType() == BufferedImage.TYPE_INT_ARGB)
          && picture.getRaster().getDataBuffer() instanceof DataBufferInt buffer
          && picture.getRaster().getSampleModel() instanceof SinglePixelPackedSampleModel sm
          && picture.getRaster().getSampleModelTranslateX() == 0
          && picture.getRaster().getSampleModelTranslateY() == 0 && buffer.getNumBanks() == 1) {
        int[] pixels = buffer.getData();
        int stride = sm.getScanlineStride();
        int offset = buffer.getOffset();
        boolean opaque = picture.getType() == BufferedImage.TYPE_INT_RGB;
        return (y, row) -> {
          System.arraycopy(pixels, offset + y * stride, row, 0, w);
          if (opaque) {
            for (int x = 0; x < w; x++) {
              row[x] |= 0xFF000000;
            }
          }
        };
      }
      if (picture.getType() == BufferedImage.TYPE_BYTE_GRAY) {
        // getRGB would treat the bytes as linear light and brighten them; viewers (and OpenCV) show them as they are
        java.awt.image.Raster raster = picture.getRaster();
        int[] gray = new int[w];
        return (y, row) -> {
          raster.getSamples(0, y, w, 1, 0, gray);
          for (int x = 0; x < w; x++) {
            int v = gray[x];
            row[x] = 0xFF000000 | v << 16 | v << 8 | v;
          }
        };
      }
      return (y, row) -> picture.getRGB(0, y, w, 1, row, 0, w);
    }
  }

  /**
   * {@code cv2.resize(img, (w, h))} with its default {@code INTER_LINEAR}: half-pixel centres,
   * border pixels repeated, no smoothing when shrinking.
   */
  BgrImage resizeLinear(int w, int h) {
    if (w == width && h == height) {
      return this;
    }
    int[] x0 = new int[w];
    float[] fx = new float[w];
    axis(width, w, x0, fx);
    int[] y0 = new int[h];
    float[] fy = new float[h];
    axis(height, h, y0, fy);
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      int ya = y0[y];
      int yb = Math.min(ya + 1, height - 1);
      float wy = fy[y];
      for (int x = 0; x < w; x++) {
        int xa = x0[x];
        int xb = Math.min(xa + 1, width - 1);
        float wx = fx[x];
        for (int c = 0; c < 3; c++) {
          float top = get(xa, ya, c) * (1 - wx) + get(xb, ya, c) * wx;
          float bottom = get(xa, yb, c) * (1 - wx) + get(xb, yb, c) * wx;
          out[(y * w + x) * 3 + c] = (byte) Math.round(top * (1 - wy) + bottom * wy);
        }
      }
    }
    return new BgrImage(w, h, out);
  }

  /** OpenCV's linear source index and weight per output index along one axis. */
  private static void axis(int src, int dst, int[] index, float[] weight) {
    double scale = src / (double) dst;
    for (int i = 0; i < dst; i++) {
      double f = (i + 0.5) * scale - 0.5;
      int s = (int) Math.floor(f);
      f -= s;
      if (s < 0) {
        f = 0;
        s = 0;
      }
      if (s >= src - 1) {
        f = 0;
        s = src - 1;
      }
      index[i] = s;
      weight[i] = (float) f;
    }
  }

  /** Box-filter shrink (each output pixel the mean of the source pixels it covers); for the gate. */
  BgrImage resizeArea(int w, int h) {
    if (w > width || h > height) {
      return resizeLinear(w, h);
    }
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      int ya = (int) ((long) y * height / h);
      int yb = Math.max(ya + 1, (int) ((long) (y + 1) * height / h));
      for (int x = 0; x < w; x++) {
        int xa = (int) ((long) x * width / w);
        int xb = Math.max(xa + 1, (int) ((long) (x + 1) * width / w));
        int n = (yb - ya) * (xb - xa);
        for (int c = 0; c < 3; c++) {
          int s = 0;
          for (int sy = ya; sy < yb; sy++) {
            for (int sx = xa; sx < xb; sx++) {
              s += get(sx, sy, c);
            }
          }
          out[(y * w + x) * 3 + c] = (byte) ((s + n / 2) / n);
        }
      }
    }
    return new BgrImage(w, h, out);
  }

  /** Black rows added above and below ({@code cv2.copyMakeBorder}, constant 0). */
  BgrImage padVertical(int top, int bottom) {
    if (top == 0 && bottom == 0) {
      return this;
    }
    byte[] out = new byte[width * (height + top + bottom) * 3];
    System.arraycopy(data, 0, out, top * width * 3, data.length);
    return new BgrImage(width, height + top + bottom, out);
  }

  /** Turned half a turn ({@code cv2.rotate(img, cv2.ROTATE_180)}). */
  BgrImage rotate180() {
    byte[] out = new byte[data.length];
    int n = width * height;
    for (int i = 0; i < n; i++) {
      System.arraycopy(data, i * 3, out, (n - 1 - i) * 3, 3);
    }
    return new BgrImage(width, height, out);
  }

  /** Turned a quarter counter-clockwise ({@code np.rot90(img)}): the right column becomes the top row. */
  BgrImage rotate90CounterClockwise() {
    int w = height;
    int h = width;
    byte[] out = new byte[data.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(data, (x * width + (width - 1 - y)) * 3, out, (y * w + x) * 3, 3);
      }
    }
    return new BgrImage(w, h, out);
  }

  /**
   * Writes {@code (v / 255 - 0.5) / 0.5} of every channel into {@code tensor} as channel planes of
   * {@code planeWidth × height} starting at {@code offset}; columns right of this image's width
   * are left as they are (zero padding in a fresh tensor). PP-OCR's det, cls and rec inputs all
   * use this normalisation (mean 0.5, std 0.5 per channel).
   */
  void normalizeInto(float[] tensor, int offset, int planeWidth) {
    if (planeWidth < width) {
      throw new IllegalArgumentException("plane width " + planeWidth + " is narrower than the image: " + width);
    }
    int plane = planeWidth * height;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        int o = offset + y * planeWidth + x;
        for (int c = 0; c < 3; c++) {
          tensor[o + c * plane] = ((data[i + c] & 0xFF) / 255f - 0.5f) / 0.5f;
        }
      }
    }
  }
}
