package dev.mmsearch.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Builds pictures for tests by adding segments and chunks to small valid files: a PNG chunk after
 * IHDR (with its CRC), a JPEG segment after the JFIF header, a WebP chunk at the end of an
 * extended file (with the RIFF size and the VP8X flag that announces it).
 */
public final class TestImages {

  private TestImages() {}

  /** An 8 × 8 grey JPEG, as ImageIO writes it (SOI, JFIF APP0, ...). */
  public static byte[] smallJpeg() {
    return write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "jpeg");
  }

  /** A 1 × 1 RGB PNG. */
  public static byte[] smallPng() {
    return write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png");
  }

  /** A picture in a format ImageIO writes ({@code png}, {@code jpeg}, {@code gif}, {@code bmp}, {@code tiff}). */
  public static byte[] write(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PNG with a chunk added right after IHDR. */
  public static byte[] withPngChunk(byte[] png, String type, byte[] data) {
    try {
      int afterIhdr = 8 + 8 + 13 + 4;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(png, 0, afterIhdr);
      BadImages.chunk(out, type, data);
      out.write(png, afterIhdr, png.length - afterIhdr);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JPEG with segments (marker, length and payload each, as {@link #segment} writes them) added after its JFIF APP0, or after SOI without one. */
  public static byte[] withJpegSegments(byte[] jpeg, byte[] segments) {
    int at = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
    }
    return concat(Arrays.copyOf(jpeg, at), segments, Arrays.copyOfRange(jpeg, at, jpeg.length));
  }

  /** One JPEG marker segment: 0xFF, the marker, the length and the payload (at most 65,533 bytes). */
  public static byte[] segment(int marker, byte[] payload) {
    if (payload.length > 65_533) {
      throw new IllegalArgumentException("a JPEG segment holds at most 65,533 bytes, got: " + payload.length);
    }
    return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) ((payload.length + 2) >> 8), (byte) (payload.length + 2)},
        payload);
  }

  /** The TIFF data of a JPEG's first EXIF (APP1) segment. */
  public static byte[] exifOf(byte[] jpeg) {
    int at = 2;
    while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
      int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
      if ((jpeg[at + 1] & 0xFF) == 0xE1 && new String(jpeg, at + 4, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
        return Arrays.copyOfRange(jpeg, at + 10, at + 2 + length);
      }
      at += 2 + length;
    }
    throw new IllegalArgumentException("no EXIF segment");
  }

  /** An extended (VP8X) WebP with an EXIF chunk appended and flagged. */
  public static byte[] withWebpExif(byte[] webp, byte[] tiff) {
    if (!new String(webp, 12, 4, StandardCharsets.US_ASCII).equals("VP8X")) {
      throw new IllegalArgumentException("not an extended WebP");
    }
    ByteBuffer chunk = ByteBuffer.allocate(8 + tiff.length + (tiff.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    chunk.put("EXIF".getBytes(StandardCharsets.US_ASCII)).putInt(tiff.length).put(tiff);
    byte[] out = concat(webp, chunk.array());
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(4, out.length - 8);
    out[20] |= 0x08;
    return out;
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
