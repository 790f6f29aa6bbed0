package dev.mmsearch.extract;

import dev.mmsearch.extract.DecodeException.Reason;
import java.io.ByteArrayInputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;

/**
 * What {@link AudioDecoder} checks in MP3 files before mp3spi reads them: the ID3v2 tags in front
 * (skipped, never parsed: mp3spi and JLayer both allocate a tag's declared size, up to 256 MB,
 * before reading it) and the MPEG frames' own lengths, which show a cut file without decoding it.
 */
final class Mp3 {

  /** Layer III bitrates (kbit/s) by index, for MPEG-1 and for MPEG-2/2.5. */
  private static final int[][] BITRATES = {
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1}};
  private static final int[][] RATES = {{44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};

  private Mp3() {}

  /**
   * Where the bytes after the leading ID3v2 tags start (0 without any). A tag declaring more bytes
   * than follow it is {@code TRUNCATED}, one whose size is not written as ID3v2 writes sizes
   * (7 bits a byte) is {@code CORRUPT}.
   */
  static int id3v2End(byte[] b) throws DecodeException {
    int at = 0;
    while (Bytes.starts(b, at, "ID3")) {
      if (at + 10 > b.length) {
        throw new DecodeException(Reason.TRUNCATED, "MP3 data ends early: an ID3v2 tag header is cut at byte " + at);
      }
      int version = b[at + 3] & 0xFF;
      int flags = b[at + 5] & 0xFF;
      if (version < 2 || version > 4 || ((b[at + 6] | b[at + 7] | b[at + 8] | b[at + 9]) & 0x80) != 0) {
        throw new DecodeException(Reason.CORRUPT, "MP3 data is corrupt: no valid ID3v2 tag header at byte " + at);
      }
      long size = (b[at + 6] & 0x7FL) << 21 | (b[at + 7] & 0x7FL) << 14 | (b[at + 8] & 0x7FL) << 7 | (b[at + 9] & 0x7FL);
      long end = at + 10 + size + (version == 4 && (flags & 0x10) != 0 ? 10 : 0);
      if (end > b.length) {
        throw new DecodeException(Reason.TRUNCATED, String.format(java.util.Locale.ROOT,
            "MP3 data ends early: the ID3v2 tag at byte %d declares %,d bytes, %,d follow its header", at, size,
            b.length - at - 10));
      }
      at = (int) end;
    }
    return at;
  }

  /** Why the MPEG frames from {@code start} are cut short, or null when they are whole (or not fixed-rate Layer III frames). */
  static String truncation(byte[] b, int start) {
    int at = start;
    int frames = 0;
    while (at + 4 <= b.length) {
      if (Bytes.starts(b, at, "TAG") && at + 128 == b.length) {
        return null; // ID3v1 trailer
      }
      if ((b[at] & 0xFF) != 0xFF || (b[at + 1] & 0xE0) != 0xE0) {
        return null; // not a frame: leave it to the decoder
      }
      int version = (b[at + 1] >> 3) & 0x03; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
      int layer = (b[at + 1] >> 1) & 0x03;
      int bitrateIndex = (b[at + 2] >> 4) & 0x0F;
      int rateIndex = (b[at + 2] >> 2) & 0x03;
      int padding = (b[at + 2] >> 1) & 0x01;
      if (layer != 1 || version == 1 || rateIndex == 3 || bitrateIndex == 0 || bitrateIndex == 15) {
        return null; // not Layer III with a fixed bitrate: leave it to the decoder
      }
      int bitrate = BITRATES[version == 3 ? 0 : 1][bitrateIndex] * 1000;
      int rate = RATES[version == 3 ? 0 : version == 2 ? 1 : 2][rateIndex];
      int length = (version == 3 ? 144 : 72) * bitrate / rate + padding;
      if (at + length > b.length) {
        return "frame " + frames + " at byte " + at + " needs " + (at + length - b.length) + " more bytes";
      }
      at += length;
      frames++;
    }
    return at < b.length ? "a frame header is cut at byte " + at : null;
  }

  /**
   * Decodes one silent frame, once: JLayer fills its shared synthesis tables on first use without
   * synchronisation (one field, then another), so two first decodes at once could see one table
   * without the other. Done in {@link AudioDecoder}'s class initialisation, which happens before
   * any decode.
   */
  static void warmUp() {
    byte[] frame = new byte[144]; // MPEG-1 Layer III, 32 kbit/s, 32 kHz, mono; zero side info and data
    frame[0] = (byte) 0xFF;
    frame[1] = (byte) 0xFB;
    frame[2] = 0x18;
    frame[3] = (byte) 0xC0;
    try {
      Bitstream stream = new Bitstream(new ByteArrayInputStream(frame));
      Header header = stream.readFrame();
      new Decoder().decodeFrame(header, stream);
      stream.closeFrame();
    } catch (Exception | LinkageError e) {
      // Best effort: failing here must not take every sound format down with the class; the tables
      // are then filled by the first decode, as JLayer does on its own.
    }
  }
}
