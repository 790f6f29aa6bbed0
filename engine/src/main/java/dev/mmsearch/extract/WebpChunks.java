package dev.mmsearch.extract;

import dev.mmsearch.extract.DecodeException.Reason;
import java.util.Locale;

/**
 * Walks a WebP's RIFF chunks before TwelveMonkeys reads it, to check that the size it will decode
 * at is one the bytes back: TwelveMonkeys sizes an extended ({@code VP8X}) picture by its canvas,
 * not by the bitstream inside, so a 52-byte file declaring a 1 × 65,535 canvas around a 1 × 1
 * bitstream was decoded at the canvas's size (libwebp refuses a still picture whose canvas and
 * bitstream differ, and so does this). It also finds the EXIF chunk for {@link Exif}.
 *
 * <p>TwelveMonkeys cannot read WebP subsampled: lossless pictures are decoded into a full-size
 * raster, lossy ones allocate per-macroblock state for the whole picture (80–90 bytes a pixel
 * allocated over the decode). WebP pictures are therefore held to {@link #MAX_PIXELS}, where the other
 * formats are read subsampled up to the pixel limit.
 */
final class WebpChunks {

  /** Most pixels a WebP picture may have: 4096 × 4096. */
  static final long MAX_PIXELS = 1L << 24;

  private final byte[] b;
  private final int end;
  private int next;
  String type;
  int payload;
  int length;

  private WebpChunks(byte[] b, int from, int end) {
    this.b = b;
    this.next = from;
    this.end = end;
  }

  /** The chunks of the whole file (past the RIFF header), up to the RIFF size or the end of the bytes. */
  private static WebpChunks of(byte[] b) {
    long declared = 8 + Bytes.le32(b, 4);
    return new WebpChunks(b, 12, (int) Math.min(declared, b.length));
  }

  /** Moves to the next chunk; false at the end or at a chunk its bytes do not hold. */
  private boolean next() {
    if (next + 8 > end) {
      return false;
    }
    long len = Bytes.le32(b, next + 4);
    if (next + 8 + len > end) {
      return false;
    }
    type = new String(b, next, 4, java.nio.charset.StandardCharsets.US_ASCII);
    payload = next + 8;
    length = (int) len;
    next = payload + length + (length & 1);
    return true;
  }

  /**
   * Checks that the RIFF container holds its declared bytes and that the picture TwelveMonkeys
   * will decode (the first frame of an animation) has the size its bitstream says and at most
   * {@link #MAX_PIXELS} pixels.
   */
  static void check(byte[] b) throws DecodeException {
    if (b.length < 20) {
      throw new DecodeException(Reason.TRUNCATED, "WEBP data ends early: in its header");
    }
    long declared = 8 + Bytes.le32(b, 4);
    if (declared > b.length) {
      throw new DecodeException(Reason.TRUNCATED, "WEBP data ends early: its RIFF header declares " + declared + " bytes, the file has "
          + b.length);
    }
    WebpChunks c = of(b);
    if (!c.next()) {
      throw corrupt("no chunk after the RIFF header");
    }
    long[] size;
    switch (c.type) {
      case "VP8 ", "VP8L" -> size = bitstream(c);
      case "VP8X" -> {
        if (c.length != 10) {
          throw corrupt("a VP8X chunk of " + c.length + " bytes");
        }
        boolean animated = (b[c.payload] & 0x02) != 0;
        long canvasWidth = 1 + le24(b, c.payload + 4);
        long canvasHeight = 1 + le24(b, c.payload + 7);
        size = animated ? firstFrame(c, canvasWidth, canvasHeight) : stillImage(c, canvasWidth, canvasHeight);
      }
      default -> throw corrupt("the first chunk is " + c.type + ", not an image");
    }
    if (size[0] * size[1] > MAX_PIXELS) {
      throw new DecodeException(Reason.TOO_MANY_PIXELS, String.format(Locale.ROOT, "WEBP declares %dx%d = %d pixels; WebP is "
          + "decoded at full size, so at most %d are accepted", size[0], size[1], size[0] * size[1], MAX_PIXELS));
    }
  }

  /** A still extended picture: its bitstream must have the canvas's size. */
  private static long[] stillImage(WebpChunks c, long width, long height) throws DecodeException {
    while (c.next()) {
      if (c.type.equals("VP8 ") || c.type.equals("VP8L")) {
        long[] size = bitstream(c);
        if (size[0] != width || size[1] != height) {
          throw corrupt(String.format(Locale.ROOT, "its canvas is %dx%d, its picture %dx%d", width, height, size[0], size[1]));
        }
        return size;
      }
    }
    throw corrupt("an extended picture without an image chunk");
  }

  /** An animation's first frame (what is decoded): its bitstream must have the frame's size, inside the canvas. */
  private static long[] firstFrame(WebpChunks c, long canvasWidth, long canvasHeight) throws DecodeException {
    while (c.next()) {
      if (c.type.equals("ANMF") && c.length >= 16) {
        long x = 2 * le24(c.b, c.payload);
        long y = 2 * le24(c.b, c.payload + 3);
        long width = 1 + le24(c.b, c.payload + 6);
        long height = 1 + le24(c.b, c.payload + 9);
        if (x + width > canvasWidth || y + height > canvasHeight) {
          throw corrupt("an animation frame lies outside its canvas");
        }
        WebpChunks inner = new WebpChunks(c.b, c.payload + 16, c.payload + c.length);
        while (inner.next()) {
          if (inner.type.equals("VP8 ") || inner.type.equals("VP8L")) {
            long[] size = bitstream(inner);
            if (size[0] != width || size[1] != height) {
              throw corrupt(String.format(Locale.ROOT, "an animation frame is %dx%d, its picture %dx%d", width, height, size[0],
                  size[1]));
            }
            return size;
          }
        }
        throw corrupt("an animation frame without an image chunk");
      }
    }
    throw corrupt("an animation without frames");
  }

  /** The width and height a VP8 or VP8L bitstream declares. */
  private static long[] bitstream(WebpChunks c) throws DecodeException {
    byte[] b = c.b;
    int p = c.payload;
    if (c.type.equals("VP8L")) {
      if (c.length < 5 || (b[p] & 0xFF) != 0x2F) {
        throw corrupt("a VP8L chunk without its signature");
      }
      long bits = Bytes.le32(b, p + 1);
      return new long[] {(bits & 0x3FFF) + 1, (bits >>> 14 & 0x3FFF) + 1};
    }
    if (c.length < 10 || (b[p] & 0x01) != 0 || (b[p + 3] & 0xFF) != 0x9D || (b[p + 4] & 0xFF) != 0x01
        || (b[p + 5] & 0xFF) != 0x2A) {
      throw corrupt("a VP8 chunk without a key frame");
    }
    return new long[] {le16(b, p + 6) & 0x3FFF, le16(b, p + 8) & 0x3FFF};
  }

  /**
   * The WebP as it is, or a copy without its ICC profile chunk (and with the flag that announces
   * it cleared) when the profile is over {@link JpegSegments#MAX_ICC_BYTES}: TwelveMonkeys builds a
   * colour transform from it, as for JPEG.
   */
  static byte[] withoutOversizedProfile(byte[] b) {
    WebpChunks c = of(b);
    if (!c.next() || !c.type.equals("VP8X")) {
      return b;
    }
    int flags = c.payload;
    while (c.next()) {
      if (c.type.equals("ICCP") && c.length > JpegSegments.MAX_ICC_BYTES) {
        int from = c.payload - 8;
        int to = Math.min(b.length, c.payload + c.length + (c.length & 1));
        byte[] out = new byte[b.length - (to - from)];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, to, out, from, b.length - to);
        out[flags] &= ~0x20;
        long riff = Bytes.le32(b, 4) - (to - from);
        for (int i = 0; i < 4; i++) {
          out[4 + i] = (byte) (riff >>> (8 * i));
        }
        return out;
      }
    }
    return b;
  }

  /** Where the TIFF data of the EXIF chunk lies, as {offset, length}; null without one. */
  static int[] exif(byte[] b) {
    if (b.length < 12) {
      return null;
    }
    WebpChunks c = of(b);
    while (c.next()) {
      if (c.type.equals("EXIF")) {
        // Some writers keep JPEG's "Exif\0\0" prefix.
        int skip = Bytes.starts(b, c.payload, "Exif\0\0") ? 6 : 0;
        return new int[] {c.payload + skip, c.length - skip};
      }
    }
    return null;
  }

  private static long le24(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16;
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static DecodeException corrupt(String detail) {
    return new DecodeException(Reason.CORRUPT, "WEBP data is corrupt: " + detail);
  }
}
