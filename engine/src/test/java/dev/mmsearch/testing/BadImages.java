package dev.mmsearch.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Hostile and broken image files, built in code so every suite (decoder, indexer, API) salts its
 * inputs with the same cases.
 */
public final class BadImages {

  private BadImages() {}

  /** A valid PNG that declares {@code width × height} pixels but carries only a few bytes of data. */
  public static byte[] pngDeclaring(int width, int height) {
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[1024]);
    deflater.finish();
    byte[] buf = new byte[2048];
    int n = deflater.deflate(buf);
    return png(width, height, 8, 2, Arrays.copyOf(buf, n));
  }

  /**
   * A decompression bomb: a complete, valid 1-bit greyscale PNG of {@code width × height} whose
   * all-zero rows deflate to almost nothing (10000 × 10000 is about 12 KB on disk, 100 MP decoded).
   */
  public static byte[] greyBomb(int width, int height) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] row = new byte[1 + (width + 7) / 8];
    byte[] buf = new byte[1 << 16];
    for (int y = 0; y < height; y++) {
      deflater.setInput(row);
      while (!deflater.needsInput()) {
        idat.write(buf, 0, deflater.deflate(buf));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      idat.write(buf, 0, deflater.deflate(buf));
    }
    return png(width, height, 1, 0, idat.toByteArray());
  }

  /** A PNG of the given header (colour type 0 grey, 2 RGB) around already deflated image data. */
  private static byte[] png(int width, int height, int bitDepth, int colourType, byte[] idat) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(ihdr);
      d.writeInt(width);
      d.writeInt(height);
      d.writeByte(bitDepth);
      d.writeByte(colourType);
      d.writeByte(0); // compression
      d.writeByte(0); // filter
      d.writeByte(0); // no interlace
      chunk(out, "IHDR", ihdr.toByteArray());
      chunk(out, "IDAT", idat);
      chunk(out, "IEND", new byte[0]);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }

  /** The first half of a real PNG. */
  public static byte[] truncatedPng() throws IOException {
    byte[] full = Files.readAllBytes(TestModels.reference("photo.png"));
    return Arrays.copyOf(full, full.length / 2);
  }

  /** A real PNG signature and header followed by garbage. */
  public static byte[] corruptPng() throws IOException {
    byte[] full = Files.readAllBytes(TestModels.reference("photo.png"));
    byte[] bad = full.clone();
    for (int i = 64; i < bad.length - 16; i++) {
      bad[i] = (byte) (i * 31 + 7);
    }
    return bad;
  }

  /** The first part of a real JPEG. */
  public static byte[] truncatedJpeg() throws IOException {
    byte[] full = Files.readAllBytes(TestModels.reference("photo-progressive.jpg"));
    return Arrays.copyOf(full, full.length / 3);
  }

  /** Every bad case by the file name it would have on disk. */
  public static Map<String, byte[]> all() throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("zero-bytes.png", new byte[0]);
    m.put("not-an-image.png", "this is a caption, not a picture\n".getBytes(StandardCharsets.UTF_8));
    m.put("truncated.png", truncatedPng());
    m.put("truncated.jpg", truncatedJpeg());
    m.put("corrupt.png", corruptPng());
    m.put("bomb-40000x40000.png", pngDeclaring(40000, 40000));
    return m;
  }
}
