package dev.mmsearch.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Valid sound files built in code: WAV, and FLAC with verbatim subframes (the simplest coding the
 * FLAC format allows, checked with the reference decoder, {@code flac -t}), in any channel count
 * and metadata layout the tests need.
 */
public final class TestSounds {

  private TestSounds() {}

  /** {@code frames} samples of {@code amplitude × sin(2π f t)} at {@code bits} bits, as integers. */
  public static int[] tone(int frames, int rate, double frequency, double amplitude, int bits) {
    int[] out = new int[frames];
    double scale = (1L << (bits - 1)) - 1;
    for (int i = 0; i < frames; i++) {
      out[i] = (int) Math.round(amplitude * scale * Math.sin(2 * Math.PI * frequency * i / rate));
    }
    return out;
  }

  /** A 16-bit PCM WAV of the given channels (one array each, equally long). */
  public static byte[] wav16(int rate, int[]... channels) {
    int frames = channels[0].length;
    ByteBuffer data = ByteBuffer.allocate(frames * channels.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      for (int[] c : channels) {
        data.putShort((short) c[i]);
      }
    }
    return wavHeader(1, channels.length, rate, 16, data.capacity(), data.array());
  }

  /**
   * A WAV with a 16-byte fmt chunk ({@code formatTag} 1: PCM, 3: IEEE float) whose data chunk
   * declares {@code declaredData} bytes and holds {@code data}.
   */
  public static byte[] wavHeader(int formatTag, int channels, int rate, int bits, long declaredData, byte[] data) {
    int blockAlign = channels * bits / 8;
    ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFF_FFFFL, 36 + declaredData));
    b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) formatTag).putShort((short) channels)
        .putInt(rate).putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFF_FFFFL, declaredData));
    return b.put(data).array();
  }

  /**
   * A FLAC stream of the given channels (1–8, equally long, {@code bits}-bit integers) in frames of
   * {@code blockSize} samples with verbatim subframes. With {@code streamInfoOnly} STREAMINFO is
   * the only metadata block (the format allows it); otherwise a Vorbis comment follows it, as
   * encoders write.
   */
  public static byte[] flac(int rate, int bits, int blockSize, boolean streamInfoOnly, int[]... channels) {
    int frames = channels[0].length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("fLaC".getBytes(StandardCharsets.US_ASCII));
    Bits info = Bits.msbFirst();
    info.write(streamInfoOnly ? 1 : 0, 1).write(0, 7).write(34, 24);
    info.write(blockSize, 16).write(blockSize, 16).write(0, 24).write(0, 24);
    info.write(rate, 20).write(channels.length - 1, 3).write(bits - 1, 5).write(frames, 36);
    info.write(0, 64).write(0, 64); // MD5 unknown
    out.writeBytes(info.toByteArray());
    if (!streamInfoOnly) {
      byte[] vendor = "mmsearch test".getBytes(StandardCharsets.US_ASCII);
      ByteBuffer comment = ByteBuffer.allocate(8 + vendor.length).order(ByteOrder.LITTLE_ENDIAN);
      comment.putInt(vendor.length).put(vendor).putInt(0);
      out.writeBytes(Bits.msbFirst().write(1, 1).write(4, 7).write(comment.capacity(), 24).toByteArray());
      out.writeBytes(comment.array());
    }
    for (int start = 0, n = 0; start < frames; start += blockSize, n++) {
      out.writeBytes(frame(n, Math.min(blockSize, frames - start), start, bits, channels));
    }
    return out.toByteArray();
  }

  private static byte[] frame(int number, int size, int start, int bits, int[][] channels) {
    Bits b = Bits.msbFirst();
    b.write(0b11111111111110, 14).write(0, 1).write(0, 1);
    b.write(0b0111, 4).write(0, 4); // block size in 16 bits at the end of the header; rate from STREAMINFO
    b.write(channels.length - 1, 4).write(0, 3).write(0, 1); // independent channels; depth from STREAMINFO
    b.bytes(utf8(number));
    b.write(size - 1, 16);
    byte[] header = b.toByteArray();
    Bits f = Bits.msbFirst().bytes(header).write(crc8(header), 8);
    for (int[] c : channels) {
      f.write(0b00000010, 8); // verbatim, no wasted bits
      for (int i = 0; i < size; i++) {
        f.write(c[start + i], bits);
      }
    }
    byte[] body = f.toByteArray();
    return Bombs.concat(body, new byte[] {(byte) (crc16(body) >> 8), (byte) crc16(body)});
  }

  /** FLAC's "UTF-8" coding of a frame number. */
  private static byte[] utf8(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x800) {
      return new byte[] {(byte) (0xC0 | n >> 6), (byte) (0x80 | n & 0x3F)};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) (0xE0 | n >> 12), (byte) (0x80 | n >> 6 & 0x3F), (byte) (0x80 | n & 0x3F)};
    }
    throw new IllegalArgumentException("frame number must be below 65536, got: " + n);
  }

  private static int crc8(byte[] b) {
    int crc = 0;
    for (byte x : b) {
      crc ^= x & 0xFF;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x07) & 0xFF : crc << 1 & 0xFF;
      }
    }
    return crc;
  }

  private static int crc16(byte[] b) {
    int crc = 0;
    for (byte x : b) {
      crc ^= (x & 0xFF) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1 ^ 0x8005) & 0xFFFF : crc << 1 & 0xFFFF;
      }
    }
    return crc;
  }
}
