package dev.mmsearch.derive;

import dev.mmsearch.extract.Audio;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digest of decoded content, for "exact" duplicates: two files whose pictures decode to the same
 * pixels (a PNG saved again, the same pixels as a lossless WebP) or whose sounds decode to the same
 * samples (a WAV and its FLAC) get the same digest, whatever their bytes. Stored as the keyword
 * {@value #KEY}, prefixed by the modality ({@code image:…}, {@code audio:…}).
 *
 * <p>What it covers is what the decoder kept: a picture larger than the decode size is read
 * subsampled, and a sound only for its first seconds (its total length is hashed too); two
 * pictures differing only in pixels the subsampling skipped share a digest.
 */
public final class ContentDigest {

  /** The keyword under which the digest is stored. */
  public static final String KEY = "decoded_digest";

  private ContentDigest() {}

  /** The digest of a decoded picture's size and RGB pixels. */
  public static String of(BufferedImage image) {
    MessageDigest md = sha256();
    int w = image.getWidth();
    int h = image.getHeight();
    md.update(ByteBuffer.allocate(8).putInt(w).putInt(h).array());
    int[] row = new int[w];
    ByteBuffer bytes = ByteBuffer.allocate(3 * w);
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      bytes.clear();
      for (int p : row) {
        bytes.put((byte) (p >> 16)).put((byte) (p >> 8)).put((byte) p);
      }
      md.update(bytes.array());
    }
    return "image:" + HexFormat.of().formatHex(md.digest(), 0, 16);
  }

  /** The digest of a decoded sound: rate, total length and the kept samples on a 17-bit grid (the mean of two 16-bit channels). */
  public static String of(Audio audio) {
    MessageDigest md = sha256();
    md.update(ByteBuffer.allocate(12).putInt(audio.sampleRate()).putLong(audio.totalFrames()).array());
    float[] s = audio.samples();
    ByteBuffer bytes = ByteBuffer.allocate(4 * Math.min(s.length, 4096));
    for (int i = 0; i < s.length; i++) {
      bytes.putInt((int) Math.round(Math.max(-1, Math.min(1, s[i])) * 65536)); // a half step of 16 bits is a whole step here: no ties
      if (!bytes.hasRemaining() || i == s.length - 1) {
        md.update(bytes.array(), 0, bytes.position());
        bytes.clear();
      }
    }
    return "audio:" + HexFormat.of().formatHex(md.digest(), 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
