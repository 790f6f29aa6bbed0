package dev.mmsearch.extract;

/**
 * Walks the marker segments of a JPEG up to its first scan, without reading any: to find its
 * EXIF block ({@link Exif}) and to keep an oversized ICC profile from the reader.
 *
 * <p>TwelveMonkeys' reader joins a profile's APP2 chunks and builds a colour transform from them
 * even when metadata is ignored, at about five times the profile's size in heap (85 MB for a
 * valid 16 MB profile; the chunk count allows 255 × 64 KB). Profiles are a few kilobytes (sRGB,
 * Display P3, Adobe RGB); a JPEG whose profile is over {@link #MAX_ICC_BYTES} is read without
 * it, as if untagged (sRGB, or a generic CMYK profile for CMYK data). Not thread-safe; one walk
 * per call.
 */
final class JpegSegments {

  /** Largest ICC profile given to the reader. */
  static final int MAX_ICC_BYTES = 2 << 20;

  private static final byte[] ICC = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final byte[] b;
  private int next = 2;

  /** The segment the walk is at: its marker, where it starts, and where its payload (after the length) lies. */
  int marker;
  int start;
  int payload;
  int length;

  private JpegSegments(byte[] b) {
    this.b = b;
  }

  /** Moves to the next segment with a payload before the first scan; false at a scan, the end, or bytes that are not a segment. */
  private boolean next() {
    while (next + 4 <= b.length && (b[next] & 0xFF) == 0xFF) {
      int m = b[next + 1] & 0xFF;
      if (m == 0xFF) {
        next++; // fill byte
        continue;
      }
      if (m == 0xDA || m == 0xD9) {
        return false; // start of scan, end of image
      }
      if (m == 0x01 || m >= 0xD0 && m <= 0xD8) {
        next += 2; // markers without a length
        continue;
      }
      int len = Bytes.be16(b, next + 2);
      if (len < 2 || next + 2 + len > b.length) {
        return false;
      }
      marker = m;
      start = next;
      payload = next + 4;
      length = len - 2;
      next += 2 + len;
      return true;
    }
    return false;
  }

  /** Where the TIFF data of the first EXIF (APP1) segment lies, as {offset, length}; null without one. */
  static int[] exif(byte[] b) {
    JpegSegments s = new JpegSegments(b);
    while (s.next()) {
      if (s.marker == 0xE1 && s.length > 6 && Bytes.starts(b, s.payload, "Exif\0\0")) {
        return new int[] {s.payload + 6, s.length - 6};
      }
    }
    return null;
  }

  /** The bytes of its ICC profile's APP2 chunks. */
  static long iccBytes(byte[] b) {
    JpegSegments s = new JpegSegments(b);
    long total = 0;
    while (s.next()) {
      if (isIcc(s)) {
        total += s.length - ICC.length - 2;
      }
    }
    return total;
  }

  /** The JPEG as it is, or a copy without its ICC chunks when they hold more than {@link #MAX_ICC_BYTES}. */
  static byte[] withoutOversizedProfile(byte[] b) {
    long icc = iccBytes(b);
    if (icc <= MAX_ICC_BYTES) {
      return b;
    }
    int dropped = 0;
    for (JpegSegments s = new JpegSegments(b); s.next(); ) {
      dropped += isIcc(s) ? s.payload + s.length - s.start : 0;
    }
    byte[] out = new byte[b.length - dropped];
    int copied = 0;
    int written = 0;
    for (JpegSegments s = new JpegSegments(b); s.next(); ) {
      if (isIcc(s)) {
        System.arraycopy(b, copied, out, written, s.start - copied);
        written += s.start - copied;
        copied = s.payload + s.length;
      }
    }
    System.arraycopy(b, copied, out, written, b.length - copied);
    return out;
  }

  private static boolean isIcc(JpegSegments s) {
    if (s.marker != 0xE2 || s.length < ICC.length + 2) {
      return false;
    }
    for (int i = 0; i < ICC.length; i++) {
      if (s.b[s.payload + i] != ICC[i]) {
        return false;
      }
    }
    return true;
  }
}
