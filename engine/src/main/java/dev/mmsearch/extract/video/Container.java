package dev.mmsearch.extract.video;

import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.DecodeException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The containers mmsearch reads, told by their first bytes, never by a file name, each opened by
 * the one FFmpeg demuxer named for it (FFmpeg's own probing, which knows hundreds of formats and
 * playlists that open other files, is never asked). Everything else is refused by name where it
 * can be told.
 */
enum Container {
  /** ISO base media (MP4, M4V, 3GP brands). */
  MP4("mp4", "mov"),
  /** QuickTime ({@code qt  } brand, or an old file without a type box). */
  MOV("mov", "mov"),
  WEBM("webm", "matroska"),
  MKV("mkv", "matroska");

  /** What the decoder accepts, for messages. */
  static final String ACCEPTED = "MP4/MOV, WebM and MKV are";

  /** ISO brands of still images (HEIF, AVIF) and JPEG 2000: the MP4 demuxer would read them as one-frame videos. */
  private static final Set<String> IMAGE_BRANDS =
      Set.of("avif", "avis", "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "jp2 ", "jpx ", "jpm ");

  /** Top-level QuickTime atoms a file without a type box may start with. */
  private static final Set<String> OLD_QUICKTIME = Set.of("moov", "mdat", "wide", "free", "skip", "pnot");

  final String label;
  final String demuxer;

  Container(String label, String demuxer) {
    this.label = label;
    this.demuxer = demuxer;
  }

  boolean iso() {
    return this == MP4 || this == MOV;
  }

  /** The container of a file starting with {@code head} (its first few KB), or the refusal. */
  static Container sniff(byte[] head) throws DecodeException {
    if (head.length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
      String brand = ascii(head, 8, 4);
      if (IMAGE_BRANDS.contains(brand)) {
        throw refused("an image (ISO brand '" + brand.trim() + "', HEIF/AVIF/JPEG 2000)");
      }
      return brand.equals("qt  ") ? MOV : MP4;
    }
    if (head.length >= 8 && OLD_QUICKTIME.contains(ascii(head, 4, 4))) {
      return MOV;
    }
    if (head.length >= 4 && (head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45 && (head[2] & 0xFF) == 0xDF
        && (head[3] & 0xFF) == 0xA3) {
      String docType = ebmlDocType(head);
      if ("webm".equals(docType)) {
        return WEBM;
      }
      if ("matroska".equals(docType) || docType == null) {
        return MKV;
      }
      throw refused("an EBML file of type '" + docType + "', not Matroska or WebM");
    }
    String what = name(head);
    throw refused(what != null ? what : "not a supported video container");
  }

  private static DecodeException refused(String what) {
    String message = what.startsWith("not ") ? what + " (" + ACCEPTED + ")"
        : "the file is " + what + ", not a supported video (" + ACCEPTED + ")";
    return new DecodeException(Reason.UNSUPPORTED_FORMAT, message);
  }

  /** What a refused file is, when its first bytes say so; null when they do not. */
  static String name(byte[] h) {
    if (starts(h, "RIFF") && h.length >= 12) {
      return switch (ascii(h, 8, 4)) {
        case "AVI " -> "an AVI video";
        case "WAVE" -> "a WAV sound";
        case "WEBP" -> "a WebP image";
        default -> "a RIFF file";
      };
    }
    if (starts(h, "FLV")) {
      return "an FLV video";
    }
    if (h.length >= 189 && h[0] == 0x47 && h[188] == 0x47) {
      return "an MPEG transport stream";
    }
    if (h.length >= 4 && h[0] == 0 && h[1] == 0 && h[2] == 1 && (h[3] & 0xFF) == 0xBA) {
      return "an MPEG program stream";
    }
    if (starts(h, "GIF8")) {
      return "a GIF image";
    }
    if (h.length >= 8 && (h[0] & 0xFF) == 0x89 && starts(h, 1, "PNG")) {
      return "a PNG image";
    }
    if (h.length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF) {
      return "a JPEG image";
    }
    if (starts(h, "OggS")) {
      return "an Ogg file";
    }
    if (starts(h, "fLaC")) {
      return "a FLAC sound";
    }
    if (starts(h, "ID3") || (h.length >= 2 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xE0) == 0xE0)) {
      return "an MP3 sound";
    }
    if (starts(h, "BM")) {
      return "a BMP image";
    }
    return null;
  }

  /**
   * The DocType of an EBML header ({@code matroska} or {@code webm}), read from the header's
   * children; null when the header does not say.
   */
  static String ebmlDocType(byte[] h) {
    int[] size = vint(h, 4);
    if (size == null) {
      return null;
    }
    int pos = 4 + size[1];
    long end = Math.min(h.length, pos + (long) size[0]);
    while (pos + 2 < end) {
      int id = ((h[pos] & 0xFF) << 8) | (h[pos + 1] & 0xFF);
      int[] len = vint(h, pos + 2);
      if (len == null) {
        return null;
      }
      int data = pos + 2 + len[1];
      if (data + (long) len[0] > end) {
        return null;
      }
      if (id == 0x4282) {
        return new String(h, data, len[0], StandardCharsets.US_ASCII).replace("\0", "");
      }
      pos = data + len[0];
    }
    return null;
  }

  /** An EBML variable-size integer at {@code pos}: {value, length in bytes}; null if unreadable or over 2^31. */
  private static int[] vint(byte[] h, int pos) {
    if (pos >= h.length) {
      return null;
    }
    int first = h[pos] & 0xFF;
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || length > 8 || pos + length > h.length) {
      return null;
    }
    long value = first & (0xFF >> length);
    for (int i = 1; i < length; i++) {
      value = (value << 8) | (h[pos + i] & 0xFF);
    }
    return value > Integer.MAX_VALUE ? null : new int[] {(int) value, length};
  }

  private static boolean starts(byte[] h, String s) {
    return starts(h, 0, s);
  }

  private static boolean starts(byte[] h, int offset, String s) {
    return h.length >= offset + s.length() && ascii(h, offset, s.length()).equals(s);
  }

  private static String ascii(byte[] h, int offset, int length) {
    return new String(h, offset, length, StandardCharsets.ISO_8859_1);
  }
}
