package dev.mmsearch.extract;

import dev.mmsearch.extract.DecodeException.Reason;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import javax.sound.sampled.spi.AudioFileReader;
import javazoom.spi.mpeg.sampled.convert.MpegFormatConversionProvider;
import javazoom.spi.mpeg.sampled.file.MpegAudioFileReader;

/**
 * Turns encoded sound (WAV with 8/16/24/32-bit PCM or float samples, FLAC, Ogg Vorbis, MP3) into
 * mono float samples in [-1, 1] at the file's own rate, the one form every audio encoder starts
 * from; encoders resample to their model's rate themselves.
 *
 * <p>Each container is told by its first bytes and read by one pure-Java decoder, a new instance
 * per call: WAV by the JDK's Java Sound reader, MP3 by mp3spi (on JLayer), FLAC by JFLAC
 * ({@link FlacDecoder}) and Ogg Vorbis by JOrbis ({@link OggVorbisDecoder}), the last two called
 * directly. No native codec is needed anywhere mmsearch runs.
 *
 * <p>Limits are checked before memory is committed: the byte limit on arrival, the duration from
 * the header when it declares one, and every count and length a header declares against the
 * bytes that follow it (an ID3v2 tag's size, WAV channels, FLAC metadata blocks, Vorbis
 * codebooks), so no decoder allocates what a small file merely claims. Only the first
 * {@link AudioLimits#keepSeconds()} are kept; the rest is decoded without being stored, to find
 * its true length (MP3 and Vorbis headers often do not say) and to refuse what lasts longer than
 * {@link AudioLimits#maxSeconds()}. Channels are averaged. Whatever a codec throws, down to a
 * stack overflow or an allocation it cannot make, ends as a {@link DecodeException} for that
 * input alone.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AudioDecoder {

  /** Consecutive empty reads after which a decoder is taken to be stuck. */
  private static final int MAX_IDLE_READS = 100;

  /** Bytes of PCM read at a time, whatever the frame size. */
  private static final int READ_BUFFER = 64 * 1024;

  static {
    Mp3.warmUp();
  }

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
    return DecodeException.contain("sound", () -> decodeChecked(bytes));
  }

  private Audio decodeChecked(byte[] bytes) throws DecodeException {
    int start = Mp3.id3v2End(bytes);
    Container container = Container.of(bytes, start);
    if (container == null) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "not a supported sound format (expected WAV, FLAC, Ogg Vorbis or MP3)");
    }
    DecodeException broken = container.framing(bytes, start);
    if (broken != null) {
      throw broken;
    }
    return switch (container) {
      case OGG -> OggVorbisDecoder.decode(bytes, limits);
      case FLAC -> FlacDecoder.decode(bytes, start, limits);
      case WAV, MP3 -> decodeJavaSound(container, bytes, start);
    };
  }

  /** WAV and MP3, through their Java Sound readers. */
  private Audio decodeJavaSound(Container container, byte[] bytes, int start) throws DecodeException {
    AudioInputStream source = container.open(bytes, start);
    AudioFormat format = source.getFormat();
    String name = format.getEncoding().toString().toUpperCase(Locale.ROOT);
    try (AudioInputStream in = pcm(container, source)) {
      AudioFormat pcm = in.getFormat();
      float rate = pcm.getSampleRate();
      if (!(rate >= 1000 && rate <= 384_000) || pcm.getChannels() < 1) {
        throw new DecodeException(Reason.CORRUPT, name + " declares " + rate + " Hz and " + pcm.getChannels() + " channels");
      }
      if (pcm.getChannels() > AudioLimits.MAX_CHANNELS) {
        throw new DecodeException(Reason.UNSUPPORTED_FORMAT, container.label + " with " + pcm.getChannels()
            + " channels is not supported (at most " + AudioLimits.MAX_CHANNELS + ")");
      }
      long declared = source.getFrameLength();
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
   * The containers mmsearch reads, told apart by their first bytes (after any ID3v2 tags), each
   * read by its own decoder: left to probe on their own, some Java Sound providers claim files of
   * other formats (the MP3 reader takes float WAVs for MPEG streams).
   */
  private enum Container {
    WAV("WAV"),
    FLAC(FlacDecoder.FORMAT),
    OGG(OggVorbisDecoder.FORMAT),
    MP3("MP3");

    /** The JDK's own readers (WAV, WAV extensible, float WAV), instantiated afresh for every decode. */
    private static final List<ServiceLoader.Provider<AudioFileReader>> WAV_READERS =
        ServiceLoader.load(AudioFileReader.class).stream()
            .filter(p -> p.type().getName().startsWith("com.sun.media.sound.Wave"))
            .toList();

    private final String label;

    Container(String label) {
      this.label = label;
    }

    /** The container of the bytes at {@code start} (past any ID3v2 tags), or null. */
    static Container of(byte[] b, int start) {
      if (start == 0 && b.length >= 12 && (Bytes.starts(b, 0, "RIFF") || Bytes.starts(b, 0, "RF64")) && Bytes.starts(b, 8, "WAVE")) {
        return WAV;
      }
      if (Bytes.starts(b, start, "fLaC")) {
        return FLAC;
      }
      if (start == 0 && Bytes.starts(b, 0, "OggS")) {
        return OGG;
      }
      // After an ID3 tag, or an MPEG audio frame sync (11 bits set) with layer III.
      if (start > 0 || b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) == 0x02) {
        return MP3;
      }
      return null;
    }

    /**
     * Why the container's framing is broken (cut before its last packet, or not framed where it
     * must be), or null. Ogg pages and MPEG frames carry their own lengths, so this shows without
     * decoding; WAV and FLAC declare their length instead, checked after.
     */
    DecodeException framing(byte[] b, int start) {
      if (this == WAV) {
        int codec = wavCodec(b);
        if (codec >= 0 && !WAV_CODECS.containsKey(codec)) {
          return new DecodeException(Reason.UNSUPPORTED_FORMAT, String.format(Locale.ROOT,
              "WAV holds codec 0x%04x; supported: %s", codec, String.join(", ", WAV_CODECS.values())));
        }
      }
      String cut = switch (this) {
        case OGG -> oggTruncation(b);
        case MP3 -> Mp3.truncation(b, start);
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
        long size = Bytes.le32(b, at + 4);
        if (Bytes.starts(b, at, "fmt ")) {
          return at + 10 <= b.length ? (b[at + 8] & 0xFF) | (b[at + 9] & 0xFF) << 8 : -1;
        }
        at += 8 + size + (size & 1);
        if (at < 0) {
          return -1;
        }
      }
      return -1;
    }

    private static String oggTruncation(byte[] b) {
      int at = 0;
      boolean last = false;
      while (at < b.length) {
        if (at + 27 > b.length) {
          return "a page header is cut at byte " + at;
        }
        if (!Bytes.starts(b, at, "OggS")) {
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

    /** The audio stream of a WAV or MP3 file from a new reader. */
    AudioInputStream open(byte[] bytes, int start) throws DecodeException {
      Exception last = null;
      List<AudioFileReader> readers = this == MP3 ? List.of(new MpegAudioFileReader())
          : WAV_READERS.stream().map(ServiceLoader.Provider::get).toList();
      for (AudioFileReader reader : readers) {
        try {
          return reader.getAudioInputStream(new BufferedInputStream(new ByteArrayInputStream(bytes, start, bytes.length - start)));
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

  /** Linear PCM as it is, or decoded to signed PCM: MP3 by a new mp3spi converter, WAV's A-law and μ-law by the JDK. */
  private static AudioInputStream pcm(Container container, AudioInputStream in) {
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
    return container == Container.MP3 ? new MpegFormatConversionProvider().getAudioInputStream(target, in)
        : AudioSystem.getAudioInputStream(target, in);
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
    byte[] buf = new byte[Math.max(1, READ_BUFFER / frameSize) * frameSize];
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
