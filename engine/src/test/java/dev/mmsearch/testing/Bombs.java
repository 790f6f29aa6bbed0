package dev.mmsearch.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Small files whose headers declare huge sizes, counts or depths: each one an attack a probe of
 * the served API found, built from its description so the decoder tests, the indexer and the
 * HTTP {@code BombIT} all send the same bytes. Every method returns a complete file; the Ogg
 * pages, PNG chunks and FLAC frames carry valid checksums, so a decoder cannot refuse them for a
 * bad CRC before it trusts the header.
 */
public final class Bombs {

  private Bombs() {}

  // ---- Ogg Vorbis -------------------------------------------------------------------------

  /**
   * Ogg Vorbis whose setup header declares {@code books} codebooks of {@code entries} entries
   * each (dimension 1, code lengths as one run: a few bytes a book). A decoder that allocates the
   * declared length lists needs {@code books × entries × 4} bytes (255 × 16,777,215: 17 GB).
   */
  public static byte[] vorbisCodebooks(int books, int entries) {
    List<long[]> list = new ArrayList<>();
    for (int i = 0; i < books; i++) {
      list.add(new long[] {1, entries});
    }
    return vorbis(vorbisIdentification(1, 44100), vorbisComment(0, 0), vorbisSetup(list, 1));
  }

  /**
   * Ogg Vorbis whose residue partitions over a codebook of 65,535 dimensions: a decoder that
   * tabulates every partition value needs 64^65535 entries.
   */
  public static byte[] vorbisResiduePartitions() {
    return vorbis(vorbisIdentification(1, 44100), vorbisComment(0, 0), vorbisSetup(List.of(new long[] {65_535, 1}), 64));
  }

  /** Ogg Vorbis whose comment header declares {@code count} comments (and holds none). */
  public static byte[] vorbisComments(long count) {
    return vorbis(vorbisIdentification(1, 44100), vorbisComment(0, count), minimalSetup());
  }

  /** Ogg Vorbis whose comment header declares a vendor string of {@code length} bytes (and holds none). */
  public static byte[] vorbisVendor(long length) {
    return vorbis(vorbisIdentification(1, 44100), vorbisComment(length, 0), minimalSetup());
  }

  /** Ogg Vorbis whose identification header declares {@code channels} channels (up to 255), with valid headers and no audio. */
  public static byte[] vorbisChannels(int channels) {
    return vorbis(vorbisIdentification(channels, 44100), vorbisComment(0, 0), minimalSetup());
  }

  /** The three header packets on their own pages, the last one ending the stream. */
  static byte[] vorbis(byte[] identification, byte[] comment, byte[] setup) {
    return Ogg.stream(0x6D6D73, List.of(identification, comment, setup), List.of());
  }

  /** A Vorbis identification header: version 0, blocksizes 256 and 2048. */
  public static byte[] vorbisIdentification(int channels, int rate) {
    Bits b = Bits.lsbFirst();
    b.write(1, 8).bytes("vorbis".getBytes(StandardCharsets.US_ASCII));
    b.write(0, 32).write(channels, 8).write(rate, 32).write(0, 32).write(128_000, 32).write(0, 32);
    b.write(8, 4).write(11, 4).write(1, 1);
    return b.toByteArray();
  }

  /** A Vorbis comment header declaring a vendor string of {@code vendorLength} bytes and {@code count} comments, holding neither. */
  public static byte[] vorbisComment(long vendorLength, long count) {
    Bits b = Bits.lsbFirst();
    b.write(3, 8).bytes("vorbis".getBytes(StandardCharsets.US_ASCII));
    b.write(vendorLength, 32).write(count, 32).write(1, 1);
    return b.toByteArray();
  }

  private static byte[] minimalSetup() {
    return vorbisSetup(List.of(new long[] {1, 2}), 1);
  }

  /**
   * A Vorbis setup header: the codebooks ({dimensions, entries} each, lengths as one run), then one
   * floor (type 1, no partitions), one residue (type 0 over codebook 0, {@code partitions}
   * partitions, no cascades), one mapping and one mode, and the framing bit.
   */
  static byte[] vorbisSetup(List<long[]> books, int partitions) {
    Bits b = Bits.lsbFirst();
    b.write(5, 8).bytes("vorbis".getBytes(StandardCharsets.US_ASCII));
    b.write(books.size() - 1, 8);
    for (long[] book : books) {
      long entries = book[1];
      b.write(0x564342, 24).write(book[0], 16).write(entries, 24);
      b.write(1, 1).write(0, 5); // ordered, first length 1
      b.write(entries, 64 - Long.numberOfLeadingZeros(entries)); // one run: every entry has that length
      b.write(0, 4); // no value mapping
    }
    b.write(0, 6).write(0, 16); // one time-domain transform, type 0
    b.write(0, 6).write(1, 16); // one floor, type 1
    b.write(0, 5).write(0, 2).write(8, 4); // no partitions, multiplier 1, range bits 8
    b.write(0, 6).write(0, 16); // one residue, type 0
    b.write(0, 24).write(0, 24).write(0, 24).write(partitions - 1, 6).write(0, 8);
    for (int i = 0; i < partitions; i++) {
      b.write(0, 3).write(0, 1); // no cascade
    }
    b.write(0, 6).write(0, 16); // one mapping, type 0
    b.write(0, 1).write(0, 1).write(0, 2); // one submap, no coupling, reserved
    b.write(0, 8).write(0, 8).write(0, 8); // submap 0: time, floor 0, residue 0
    b.write(0, 6).write(0, 1).write(0, 16).write(0, 16).write(0, 8); // one mode: short blocks, mapping 0
    b.write(1, 1);
    return b.toByteArray();
  }

  // ---- MP3, WAV -------------------------------------------------------------------------

  /** An ID3v2.3 tag header declaring a tag of {@code declared} bytes (at most 2^28 − 1), and nothing else: 10 bytes. */
  public static byte[] mp3Id3Declaring(int declared) {
    return new byte[] {'I', 'D', '3', 3, 0, 0, (byte) (declared >>> 21 & 0x7F), (byte) (declared >>> 14 & 0x7F),
        (byte) (declared >>> 7 & 0x7F), (byte) (declared & 0x7F)};
  }

  /** A WAV of {@code frames} silent frames in {@code channels} channels of 64-bit float samples (8,191 channels: 64 KB a frame). */
  public static byte[] wavFloat64Channels(int channels, int frames) {
    return TestSounds.wavHeader(3, channels, 8000, 64, (long) channels * 8 * frames, new byte[channels * 8 * frames]);
  }

  // ---- Pictures --------------------------------------------------------------------------

  /**
   * A JPEG carrying an ICC profile in {@code segments} APP2 chunks of 65,519 bytes each (255: the
   * most the chunk count can say, 16.7 MB): an RGB display profile header declaring that size,
   * the rest zeros.
   */
  public static byte[] jpegIccSegments(int segments) {
    int chunk = 65_535 - 2 - 14;
    long total = (long) chunk * segments;
    ByteArrayOutputStream extra = new ByteArrayOutputStream();
    for (int i = 0; i < segments; i++) {
      byte[] payload = new byte[chunk];
      if (i == 0) {
        ByteBuffer h = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
        h.putInt(0, (int) total).putInt(8, 0x02100000).put(12, "mntrRGB XYZ ".getBytes(StandardCharsets.US_ASCII));
        h.put(36, "acsp".getBytes(StandardCharsets.US_ASCII));
      }
      byte[] id = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
      extra.writeBytes(TestImages.segment(0xE2, concat(id, new byte[] {(byte) (i + 1), (byte) segments}, payload)));
    }
    return TestImages.withJpegSegments(TestImages.smallJpeg(), extra.toByteArray());
  }

  /**
   * A 1 × 1 PNG with one text chunk ({@code zTXt}, or {@code iTXt} with its compression flag set)
   * whose text deflates {@code inflatedBytes} zero bytes (100 MB: a 102 KB file).
   */
  public static byte[] pngCompressedText(String chunkType, int inflatedBytes) {
    byte[] deflated = deflateZeros(inflatedBytes);
    byte[] keyword = "Comment\0".getBytes(StandardCharsets.ISO_8859_1);
    byte[] data = switch (chunkType) {
      case "zTXt" -> concat(keyword, new byte[] {0}, deflated);
      case "iTXt" -> concat(keyword, new byte[] {1, 0, 0, 0}, deflated); // compressed, deflate, no language, no translation
      default -> throw new IllegalArgumentException("chunkType must be zTXt or iTXt, got: " + chunkType);
    };
    return TestImages.withPngChunk(TestImages.smallPng(), chunkType, data);
  }

  /**
   * A PNG whose {@code eXIf} chunk chains {@code depth} IFDs, each pointing to the next through a
   * SubIFDs tag (20,000: a 360 KB chunk).
   */
  public static byte[] pngExifSubIfds(int depth) {
    return TestImages.withPngChunk(TestImages.smallPng(), "eXIf", nestedSubIfds(depth));
  }

  /** A JPEG whose EXIF (APP1) chains {@code depth} IFDs through SubIFDs tags (3,600 fill the 64 KB segment). */
  public static byte[] jpegExifSubIfds(int depth) {
    ByteArrayOutputStream app1 = new ByteArrayOutputStream();
    app1.writeBytes(TestImages.segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), nestedSubIfds(depth))));
    return TestImages.withJpegSegments(TestImages.smallJpeg(), app1.toByteArray());
  }

  /**
   * A JPEG whose EXIF IFD0 has {@code entries} entries of {@code bytes} undefined bytes each, all
   * pointing at the same place (5,000 × 60,000: 300 MB claimed by a 60 KB segment).
   */
  public static byte[] jpegExifOverlappingValues(int entries, int bytes) {
    ByteBuffer tiff = ByteBuffer.allocate(Math.max(8 + 2 + 12 * entries + 4, 8 + bytes)).order(ByteOrder.BIG_ENDIAN);
    tiff.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8).putShort((short) entries);
    for (int i = 0; i < entries; i++) {
      tiff.putShort((short) (0x8000 + i)).putShort((short) 7).putInt(bytes).putInt(8);
    }
    tiff.putInt(0);
    ByteArrayOutputStream app1 = new ByteArrayOutputStream();
    app1.writeBytes(TestImages.segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.array())));
    return TestImages.withJpegSegments(TestImages.smallJpeg(), app1.toByteArray());
  }

  /** Big-endian TIFF: IFD k holds one SubIFDs entry pointing to IFD k + 1; the last is empty. 18 bytes a level. */
  static byte[] nestedSubIfds(int depth) {
    ByteBuffer b = ByteBuffer.allocate(8 + 18 * depth + 6).order(ByteOrder.BIG_ENDIAN);
    b.put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8);
    for (int i = 0; i < depth; i++) {
      b.putShort((short) 1).putShort((short) 0x014A).putShort((short) 4).putInt(1).putInt(8 + 18 * (i + 1)).putInt(0);
    }
    b.putShort((short) 0).putInt(0);
    return b.array();
  }

  /**
   * A lossless WebP (a bare {@code VP8L} chunk) of {@code width × height} whose entropy image
   * names meta prefix-code group 65,535 everywhere, so a decoder that allocates every group up to
   * the largest named needs 65,536 × 5 Huffman tables; the file holds none of them.
   */
  public static byte[] webpLosslessGroups(int width, int height) {
    return riff(chunk("VP8L", vp8lGroups(width, height)));
  }

  /**
   * An extended WebP ({@code VP8X}) whose canvas is {@code width × height}, around a lossless
   * bitstream whose own header says 1 × 1 and whose entropy image names group 65,535 (1 × 65,535:
   * 56 bytes).
   */
  public static byte[] webpCanvas(int width, int height) {
    ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    vp8x.put((byte) 0).put(new byte[3]);
    vp8x.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
    vp8x.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
    return riff(concat(chunk("VP8X", vp8x.array()), chunk("VP8L", vp8lGroups(1, 1))));
  }

  /**
   * A VP8L bitstream: header, no transforms, no colour cache, meta prefix codes with 512-pixel
   * blocks; the entropy image has five one-symbol codes (green 255, red 255: group 0xFFFF) so its
   * pixels cost no bits. Nothing follows.
   */
  private static byte[] vp8lGroups(int width, int height) {
    Bits b = Bits.lsbFirst();
    b.write(0x2F, 8).write(width - 1, 14).write(height - 1, 14).write(0, 1).write(0, 3);
    b.write(0, 1); // no transform
    b.write(0, 1); // no colour cache
    b.write(1, 1).write(7, 3); // meta prefix codes, 2^9-pixel blocks
    b.write(0, 1); // entropy image: no colour cache
    for (int symbol : new int[] {255, 255, 0, 0, 0}) {
      b.write(1, 1).write(0, 1).write(1, 1).write(symbol, 8); // simple code, one 8-bit symbol
    }
    return b.toByteArray();
  }

  private static byte[] riff(byte[] chunks) {
    ByteBuffer b = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.length).put("WEBP".getBytes(StandardCharsets.US_ASCII));
    return b.put(chunks).array();
  }

  private static byte[] chunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    return b.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data).array();
  }

  // ---- All of them -----------------------------------------------------------------------

  /** Every bomb by the file name it would have on disk, as probed against the served API. */
  public static Map<String, byte[]> all() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("vorbis-255-codebooks.ogg", vorbisCodebooks(255, 16_777_215));
    m.put("vorbis-16-codebooks.ogg", vorbisCodebooks(16, 16_777_215));
    m.put("vorbis-residue-partitions.ogg", vorbisResiduePartitions());
    m.put("vorbis-comments-2147483632.ogg", vorbisComments(0x7FFF_FFF0L));
    m.put("vorbis-comments-100000000.ogg", vorbisComments(100_000_000));
    m.put("vorbis-vendor-512mb.ogg", vorbisVendor(512L << 20));
    m.put("id3-256mb.mp3", mp3Id3Declaring((1 << 28) - 1));
    m.put("float64-8191-channels.wav", wavFloat64Channels(8191, 1));
    m.put("icc-255-segments.jpg", jpegIccSegments(255));
    m.put("ztxt-100mb.png", pngCompressedText("zTXt", 100_000_000));
    m.put("itxt-100mb.png", pngCompressedText("iTXt", 100_000_000));
    m.put("vp8l-1x16384-groups.webp", webpLosslessGroups(1, 16_384));
    m.put("vp8x-canvas-1x65535.webp", webpCanvas(1, 65_535));
    m.put("exif-20000-subifds.png", pngExifSubIfds(20_000));
    m.put("exif-3600-subifds.jpg", jpegExifSubIfds(3_600));
    m.put("exif-overlapping-values.jpg", jpegExifOverlappingValues(5_000, 60_000));
    m.put("vp8l-16384x16384.webp", webpLosslessGroups(16_384, 16_384));
    return m;
  }

  // ---- Helpers ---------------------------------------------------------------------------

  private static byte[] deflateZeros(int count) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 16];
    byte[] buf = new byte[1 << 16];
    for (int left = count; left > 0; left -= zeros.length) {
      deflater.setInput(zeros, 0, Math.min(left, zeros.length));
      while (!deflater.needsInput()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    return TestImages.concat(parts);
  }
}
