package dev.mmsearch.extract;

import dev.mmsearch.extract.DecodeException.Reason;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Turns encoded sound (WAV with 8/16/24/32-bit PCM or float samples, FLAC, Ogg Vorbis, MP3) into
 * mono float samples in [-1, 1] at the file's own rate, the one form every audio encoder starts
 * from; encoders resample to their model's rate themselves.
 *
 * <p>Decoding goes through Java Sound: WAV is built into the JDK; FLAC (JFLAC) and MP3 (mp3spi,
 * on JLayer) are pure-Java service providers. Ogg Vorbis is decoded with JOrbis directly
 * ({@link OggVorbisDecoder}). No native codec is needed anywhere mmsearch runs.
 *
 * <p>Limits are checked before memory is committed: the byte limit on arrival, the duration from
 * the header when it declares one. Only the first {@link AudioLimits#keepSeconds()} are kept; the
 * rest is decoded without being stored, to find its true length (MP3 and Vorbis headers often do
 * not say) and to refuse what lasts longer than {@link AudioLimits#maxSeconds()}. Channels are
 * averaged.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AudioDecoder {

  /** Consecutive empty reads after which a decoder is taken to be stuck. */
  private static final int MAX_IDLE_READS = 100;

  private final AudioLimits limits;

  public AudioDecoder(AudioLimits limits) {
    this.limits = limits;
  }

  public AudioLimits limits() {
    return limits;
  }

  /** Reads and decodes a file, checking its size before reading it. */
  public Audio decode(Path file) throws DecodeException, IOException {
    long size = Files.size(file);
    checkByteCount(size);
    return decode(Files.readAllBytes(file));
  }

  public Audio decode(byte[] bytes) throws DecodeException {
    checkByteCount(bytes.length);
    Container container = Container.of(bytes);
    if (container == null) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "not a supported sound format (expected WAV, FLAC, Ogg Vorbis or MP3)");
    }
    DecodeException broken = container.framing(bytes);
    if (broken != null) {
      throw broken;
    }
    if (container == Container.OGG) {
      return OggVorbisDecoder.decode(bytes, limits);
    }
    AudioInputStream source = container.open(bytes);
    AudioFormat format = source.getFormat();
    String name = format.getEncoding().toString().toUpperCase(Locale.ROOT);
    try (AudioInputStream in = pcm(source)) {
      AudioFormat pcm = in.getFormat();
      float rate = pcm.getSampleRate();
      if (!(rate >= 1000 && rate <= 384_000) || pcm.getChannels() < 1) {
        throw new DecodeException(Reason.CORRUPT, name + " declares " + rate + " Hz and " + pcm.getChannels() + " channels");
      }
      long declared = source.getFrameLength() != AudioSystem.NOT_SPECIFIED ? source.getFrameLength()
          : container.declaredFrames(bytes);
      if (declared > 0 && declared / rate > limits.maxSeconds()) {
        throw tooLong(name, declared / rate);
      }
      Audio audio = read(in, pcm, name);
      if (declared > 0 && audio.totalFrames() < declared) {
        throw new DecodeException(Reason.TRUNCATED, container.label + " data ends early: " + audio.totalFrames() + " of "
            + declared + " declared frames");
      }
      if (audio.totalFrames() == 0) {
        throw new DecodeException(Reason.EMPTY, name + " holds no samples");
      }
      return audio;
    } catch (DecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw failure(name, e);
    }
  }

  /**
   * The containers mmsearch reads, told apart by their first bytes, each read by its own Java Sound
   * provider: left to probe on their own, some providers claim files of other formats (the MP3
   * reader takes float WAVs for MPEG streams).
   */
  private enum Container {
    WAV("WAV", "com.sun.media.sound."),
    FLAC("FLAC", "org.jflac."),
    OGG("Ogg Vorbis", "com.github.trilarion.sound.vorbis."),
    MP3("MP3", "javazoom.spi.mpeg.");

    private static final java.util.List<javax.sound.sampled.spi.AudioFileReader> READERS =
        java.util.ServiceLoader.load(javax.sound.sampled.spi.AudioFileReader.class).stream()
            .map(java.util.ServiceLoader.Provider::get).toList();

    private final String label;
    private final String readerPackage;

    Container(String label, String readerPackage) {
      this.label = label;
      this.readerPackage = readerPackage;
    }

    static Container of(byte[] b) {
      if (b.length >= 12 && (starts(b, 0, "RIFF") || starts(b, 0, "RF64")) && starts(b, 8, "WAVE")) {
        return WAV;
      }
      if (starts(b, 0, "fLaC")) {
        return FLAC;
      }
      if (starts(b, 0, "OggS")) {
        return OGG;
      }
      // An ID3 tag, or an MPEG audio frame sync (11 bits set) with layer III.
      if (starts(b, 0, "ID3") || b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) == 0x02) {
        return MP3;
      }
      return null;
    }

    private static boolean starts(byte[] b, int at, String magic) {
      if (b.length < at + magic.length()) {
        return false;
      }
      for (int i = 0; i < magic.length(); i++) {
        if (b[at + i] != magic.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    /**
     * Why the container's framing is broken (cut before its last packet, or not framed where it
     * must be), or null. Ogg pages and MPEG frames carry their own lengths, so this shows without
     * decoding; WAV and FLAC declare their length instead ({@link #declaredFrames}), checked after.
     */
    DecodeException framing(byte[] b) {
      if (this == WAV) {
        int codec = wavCodec(b);
        if (codec >= 0 && !WAV_CODECS.containsKey(codec)) {
          return new DecodeException(Reason.UNSUPPORTED_FORMAT, String.format(Locale.ROOT,
              "WAV holds codec 0x%04x; supported: %s", codec, String.join(", ", WAV_CODECS.values())));
        }
      }
      String cut = switch (this) {
        case OGG -> oggTruncation(b);
        case MP3 -> mpegTruncation(b);
        case FLAC -> flacMetadata(b);
        default -> null;
      };
      if (cut == null) {
        return null;
      }
      return cut.startsWith("no ") ? new DecodeException(Reason.CORRUPT, label + " data is corrupt: " + cut)
          : new DecodeException(Reason.TRUNCATED, label + " data ends early: " + cut);
    }

    /** WAV codecs (the fmt chunk's format tag) the JDK reads. */
    private static final java.util.Map<Integer, String> WAV_CODECS = new java.util.TreeMap<>(java.util.Map.of(1, "PCM",
        3, "IEEE float", 6, "A-law", 7, "μ-law", 0xFFFE, "extensible (PCM or float)"));

    /** The format tag of a WAV's fmt chunk, or -1 when there is none to read. */
    private static int wavCodec(byte[] b) {
      int at = 12;
      while (at + 8 <= b.length) {
        long size = le32(b, at + 4);
        if (starts(b, at, "fmt ")) {
          return at + 10 <= b.length ? (b[at + 8] & 0xFF) | (b[at + 9] & 0xFF) << 8 : -1;
        }
        at += 8 + size + (size & 1);
        if (at < 0) {
          return -1;
        }
      }
      return -1;
    }

    /** Frames the header declares where the Java Sound reader does not say: FLAC's STREAMINFO total; else -1. */
    long declaredFrames(byte[] b) {
      if (this != FLAC || b.length < 26 || (b[4] & 0x7F) != 0) {
        return -1;
      }
      long total = (b[21] & 0x0FL) << 32 | (b[22] & 0xFFL) << 24 | (b[23] & 0xFFL) << 16 | (b[24] & 0xFFL) << 8 | (b[25] & 0xFFL);
      return total > 0 ? total : -1;
    }

    /**
     * Walks FLAC's metadata blocks, and the lengths inside its Vorbis comment: JFLAC trusts them,
     * and a garbage length there costs it seconds before it fails.
     */
    private static String flacMetadata(byte[] b) {
      int at = 4;
      while (true) {
        if (at + 4 > b.length) {
          return "a metadata block header is cut at byte " + at;
        }
        boolean last = (b[at] & 0x80) != 0;
        int type = b[at] & 0x7F;
        int length = (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
        int body = at + 4;
        if (type == 127) {
          return "no valid metadata block at byte " + at;
        }
        if (body + length > b.length) {
          return "the metadata block at byte " + at + " needs " + (body + length - b.length) + " more bytes";
        }
        if (type == 4) {
          String bad = vorbisComment(b, body, length);
          if (bad != null) {
            return "no consistent Vorbis comment at byte " + at + ": " + bad;
          }
        }
        at = body + length;
        if (last) {
          return null;
        }
      }
    }

    private static String vorbisComment(byte[] b, int at, int length) {
      int end = at + length;
      long vendor = le32(b, at);
      at += 4;
      if (vendor < 0 || at + vendor + 4 > end) {
        return "vendor length " + vendor;
      }
      at += (int) vendor;
      long count = le32(b, at);
      at += 4;
      for (long i = 0; i < count; i++) {
        if (at + 4 > end) {
          return "comment " + i + " of " + count + " missing";
        }
        long n = le32(b, at);
        at += 4;
        if (at + n > end) {
          return "comment " + i + " length " + n;
        }
        at += (int) n;
      }
      return null;
    }

    private static long le32(byte[] b, int at) {
      return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static String oggTruncation(byte[] b) {
      int at = 0;
      boolean last = false;
      while (at < b.length) {
        if (at + 27 > b.length) {
          return "a page header is cut at byte " + at;
        }
        if (!starts(b, at, "OggS")) {
          return "no Ogg page at byte " + at;
        }
        int segments = b[at + 26] & 0xFF;
        if (at + 27 + segments > b.length) {
          return "a page's segment table is cut at byte " + at;
        }
        int body = 0;
        for (int i = 0; i < segments; i++) {
          body += b[at + 27 + i] & 0xFF;
        }
        int end = at + 27 + segments + body;
        if (end > b.length) {
          return "the page at byte " + at + " needs " + (end - b.length) + " more bytes";
        }
        last = (b[at + 5] & 0x04) != 0;
        at = end;
      }
      return last ? null : "the last page does not end the stream";
    }

    /** Layer III bitrates (kbit/s) by index, for MPEG-1 and for MPEG-2/2.5. */
    private static final int[][] BITRATES = {
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1},
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1}};
    private static final int[][] RATES = {{44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};

    private static String mpegTruncation(byte[] b) {
      int at = 0;
      if (starts(b, 0, "ID3") && b.length >= 10) {
        at = 10 + ((b[6] & 0x7F) << 21 | (b[7] & 0x7F) << 14 | (b[8] & 0x7F) << 7 | (b[9] & 0x7F));
      }
      int frames = 0;
      while (at + 4 <= b.length) {
        if (starts(b, at, "TAG") && at + 128 == b.length) {
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

    AudioInputStream open(byte[] bytes) throws DecodeException {
      Exception last = null;
      for (javax.sound.sampled.spi.AudioFileReader reader : READERS) {
        if (!reader.getClass().getName().startsWith(readerPackage)) {
          continue;
        }
        try {
          return reader.getAudioInputStream(new BufferedInputStream(new ByteArrayInputStream(bytes)));
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
          last = e;
        }
      }
      if (last == null) {
        throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "no reader for " + label + " is installed");
      }
      throw last instanceof UnsupportedAudioFileException ? new DecodeException(Reason.CORRUPT, label + " header is invalid: "
          + last.getMessage(), last) : failure(label, last);
    }
  }

  private void checkByteCount(long size) throws DecodeException {
    if (size == 0) {
      throw new DecodeException(Reason.EMPTY, "sound is empty (0 bytes)");
    }
    if (size > limits.maxBytes()) {
      throw new DecodeException(Reason.TOO_MANY_BYTES, "sound is " + size + " bytes, more than the limit of " + limits.maxBytes()
          + " bytes");
    }
  }

  private DecodeException tooLong(String format, double seconds) {
    return MonoSink.tooLong(limits, format, seconds);
  }

  /** Linear PCM as it is, or decoded to signed PCM by the format's provider. */
  private static AudioInputStream pcm(AudioInputStream in) {
    AudioFormat f = in.getFormat();
    AudioFormat.Encoding e = f.getEncoding();
    if (e.equals(AudioFormat.Encoding.PCM_SIGNED) || e.equals(AudioFormat.Encoding.PCM_UNSIGNED)
        || e.equals(AudioFormat.Encoding.PCM_FLOAT)) {
      return in;
    }
    // Decoders convert to their own bit depth only (JFLAC keeps 24-bit as 24-bit); 16 where none is declared.
    int bits = f.getSampleSizeInBits() > 0 ? f.getSampleSizeInBits() : 16;
    AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), bits, f.getChannels(),
        f.getChannels() * ((bits + 7) / 8), f.getSampleRate(), false);
    return AudioSystem.getAudioInputStream(target, in);
  }

  /** Reads frames, averaging channels; keeps the first {@code keepSeconds}, counts the rest. */
  private Audio read(AudioInputStream in, AudioFormat f, String name) throws IOException, DecodeException {
    int channels = f.getChannels();
    int bytesPerSample = (f.getSampleSizeInBits() + 7) / 8;
    int frameSize = bytesPerSample * channels;
    if (bytesPerSample < 1 || bytesPerSample > 8 || f.getFrameSize() > 0 && f.getFrameSize() != frameSize) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, name + " with " + f.getSampleSizeInBits() + "-bit samples is not supported");
    }
    SampleReader reader = SampleReader.of(f, bytesPerSample);
    MonoSink sink = new MonoSink(limits, name, f.getSampleRate());
    byte[] buf = new byte[frameSize * 4096];
    int filled = 0;
    int n;
    int idle = 0;
    while ((n = readSome(in, buf, filled)) != -1) {
      if (n == 0) {
        // Tritonus-based decoders (MP3) answer 0 while they fill their buffer; only -1 ends.
        if (++idle > MAX_IDLE_READS) {
          throw new DecodeException(Reason.CORRUPT, name + " decoder stopped producing samples");
        }
        continue;
      }
      idle = 0;
      filled += n;
      int whole = filled / frameSize;
      for (int i = 0; i < whole; i++) {
        double sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += reader.read(buf, i * frameSize + c * bytesPerSample);
        }
        sink.frame(sum / channels);
      }
      int rest = filled - whole * frameSize;
      System.arraycopy(buf, whole * frameSize, buf, 0, rest);
      filled = rest;
    }
    return sink.audio();
  }

  private static int readSome(InputStream in, byte[] buf, int from) throws IOException {
    try {
      return in.read(buf, from, buf.length - from);
    } catch (ArrayIndexOutOfBoundsException | IllegalStateException | NullPointerException e) {
      // The pure-Java codecs signal broken streams with runtime exceptions.
      throw new IOException("broken stream: " + e, e);
    }
  }

  private static DecodeException failure(String format, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return new DecodeException(Reason.TRUNCATED, format + " data ends early", e);
      }
    }
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new DecodeException(Reason.CORRUPT, format + " data is corrupt: " + detail, e);
  }

  /** Reads one sample of a linear PCM format as a float in [-1, 1]. */
  @FunctionalInterface
  private interface SampleReader {
    double read(byte[] b, int at);

    static SampleReader of(AudioFormat f, int bytes) throws DecodeException {
      boolean big = f.isBigEndian();
      if (f.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT)) {
        if (bytes == 4) {
          return (b, at) -> Float.intBitsToFloat((int) bits(b, at, 4, big));
        }
        if (bytes == 8) {
          return (b, at) -> Double.longBitsToDouble(bits(b, at, 8, big));
        }
        throw new DecodeException(Reason.UNSUPPORTED_FORMAT, bytes * 8 + "-bit float samples are not supported");
      }
      boolean unsigned = f.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED);
      double scale = Math.pow(2, bytes * 8 - 1);
      int shift = 64 - bytes * 8;
      return (b, at) -> {
        long v = bits(b, at, bytes, big);
        long signed = unsigned ? v - (1L << (bytes * 8 - 1)) : (v << shift) >> shift;
        return signed / scale;
      };
    }

    private static long bits(byte[] b, int at, int bytes, boolean big) {
      long v = 0;
      for (int i = 0; i < bytes; i++) {
        int shift = big ? (bytes - 1 - i) * 8 : i * 8;
        v |= (b[at + i] & 0xFFL) << shift;
      }
      return v;
    }
  }
}
