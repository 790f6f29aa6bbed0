package dev.mmsearch.extract;

import dev.mmsearch.extract.DecodeException.Reason;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Locale;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * Decodes FLAC with JFLAC's {@link FLACDecoder} directly, one decoder per call, reading each
 * frame's channels as integers. Not through JFLAC's Java Sound provider: the provider keeps the
 * stream it is reading in fields of a shared instance (two decodes at once read each other's
 * frames), converts only one or two channels, and rewrites STREAMINFO as "not the last block", so
 * a file whose only metadata block is STREAMINFO came out empty.
 *
 * <p>The metadata blocks are walked here first; JFLAC is then handed STREAMINFO alone followed
 * by the audio frames, so it never parses (or allocates for) a comment, picture or cue sheet.
 * All 1–8 channels the format allows are read, at 4 to 24 bits (JFLAC keeps samples in
 * {@code int}s, too narrow for 32-bit side channels). A frame that fails its CRC, or that JFLAC
 * cannot parse, makes the file {@code CORRUPT}; JFLAC alone would silently zero or skip it.
 */
final class FlacDecoder {

  static final String FORMAT = "FLAC";

  private static final int STREAMINFO = 0;
  private static final int VORBIS_COMMENT = 4;
  private static final int INVALID = 127;

  private FlacDecoder() {}

  /** Decodes the FLAC stream that starts at {@code start} (after any ID3v2 tags). */
  static Audio decode(byte[] bytes, int start, AudioLimits limits) throws DecodeException {
    int frames = firstFrame(bytes, start);
    // "fLaC" and STREAMINFO, flagged as the last metadata block, then the frames as they are.
    byte[] head = java.util.Arrays.copyOfRange(bytes, start, start + 42);
    head[4] = (byte) (0x80 | STREAMINFO);
    InputStream in = new SequenceInputStream(new ByteArrayInputStream(head),
        new ByteArrayInputStream(bytes, frames, bytes.length - frames));
    FLACDecoder decoder = new FLACDecoder(in);
    Errors errors = new Errors();
    decoder.addFrameListener(errors);
    try {
      StreamInfo info = decoder.readStreamInfo();
      int channels = info.getChannels();
      int bits = info.getBitsPerSample();
      int rate = info.getSampleRate();
      if (rate < 1000 || rate > 384_000) {
        throw new DecodeException(Reason.CORRUPT, String.format(Locale.ROOT, "%s declares %d Hz and %d channels", FORMAT, rate,
            channels));
      }
      if (bits > 24) {
        throw new DecodeException(Reason.UNSUPPORTED_FORMAT, FORMAT + " with " + bits + "-bit samples is not supported (at most 24)");
      }
      long declared = info.getTotalSamples();
      if (declared > 0 && declared / (double) rate > limits.maxSeconds()) {
        throw MonoSink.tooLong(limits, FORMAT, declared / (double) rate);
      }
      MonoSink sink = new MonoSink(limits, FORMAT, rate);
      double scale = 1L << (bits - 1);
      Frame frame;
      while ((declared <= 0 || sink.frames() < declared) && (frame = decoder.readNextFrame()) != null) {
        errors.check(sink.frames());
        if (frame.header.channels != channels || frame.header.bitsPerSample != bits) {
          throw corrupt(String.format(Locale.ROOT, "a frame at sample %d has %d channels of %d bits, the stream %d of %d",
              sink.frames(), frame.header.channels, frame.header.bitsPerSample, channels, bits));
        }
        ChannelData[] data = decoder.getChannelData();
        for (int i = 0; i < frame.header.blockSize; i++) {
          double sum = 0;
          for (int c = 0; c < channels; c++) {
            sum += data[c].getOutput()[i] / scale;
          }
          sink.frame(sum / channels);
        }
      }
      errors.check(sink.frames());
      if (declared > 0 && sink.frames() < declared || errors.cut) {
        throw new DecodeException(Reason.TRUNCATED, FORMAT + " data ends early: " + (declared > 0
            ? sink.frames() + " of " + declared + " declared frames" : "inside the frame after sample " + sink.frames()));
      }
      if (sink.frames() == 0) {
        throw new DecodeException(Reason.EMPTY, FORMAT + " holds no samples");
      }
      if (declared > 0) {
        sink.trimTo(declared);
      }
      return sink.audio();
    } catch (EOFException e) {
      throw new DecodeException(Reason.TRUNCATED, FORMAT + " data ends early", e);
    } catch (IOException e) {
      throw corrupt(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /**
   * Walks the metadata blocks (STREAMINFO first, 34 bytes, as the format requires) and the lengths
   * inside a Vorbis comment, and returns where the first frame starts.
   */
  static int firstFrame(byte[] b, int start) throws DecodeException {
    if (b.length < start + 8) {
      throw new DecodeException(Reason.TRUNCATED, FORMAT + " data ends early: in its first metadata block header");
    }
    if ((b[start + 4] & 0x7F) != STREAMINFO || length(b, start + 4) != 34) {
      throw corrupt("the first metadata block is not a 34-byte STREAMINFO");
    }
    int at = start + 4;
    while (true) {
      if (at + 4 > b.length) {
        throw new DecodeException(Reason.TRUNCATED, FORMAT + " data ends early: a metadata block header is cut at byte " + at);
      }
      boolean last = (b[at] & 0x80) != 0;
      int type = b[at] & 0x7F;
      int body = at + 4;
      int length = length(b, at);
      if (type == INVALID || type == STREAMINFO && at != start + 4) {
        throw corrupt("no valid metadata block at byte " + at);
      }
      if (body + length > b.length) {
        throw new DecodeException(Reason.TRUNCATED, FORMAT + " data ends early: the metadata block at byte " + at + " needs "
            + (body + length - b.length) + " more bytes");
      }
      if (type == VORBIS_COMMENT) {
        String bad = vorbisComment(b, body, length);
        if (bad != null) {
          throw corrupt("no consistent Vorbis comment at byte " + at + ": " + bad);
        }
      }
      at = body + length;
      if (last) {
        return at;
      }
    }
  }

  private static int length(byte[] b, int at) {
    return (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }

  /** Why a Vorbis comment block's own lengths do not add up, or null: it is not parsed, but a broken one marks a broken file. */
  private static String vorbisComment(byte[] b, int at, int length) {
    int end = at + length;
    if (at + 4 > end) {
      return "no vendor length";
    }
    long vendor = Bytes.le32(b, at);
    at += 4;
    if (at + vendor + 4 > end) {
      return "vendor length " + vendor;
    }
    at += (int) vendor;
    long count = Bytes.le32(b, at);
    at += 4;
    if (count * 4 > end - at) {
      return count + " comments in " + (end - at) + " bytes";
    }
    for (long i = 0; i < count; i++) {
      long n = Bytes.le32(b, at);
      at += 4;
      if (at + n > end || i < count - 1 && at + n + 4 > end) {
        return "comment " + i + " length " + n;
      }
      at += (int) n;
    }
    return null;
  }

  private static DecodeException corrupt(String detail) {
    return new DecodeException(Reason.CORRUPT, FORMAT + " data is corrupt: " + detail);
  }

  /**
   * The first frame error JFLAC reports (a bad header, subframe or padding, a CRC mismatch); it
   * reports them instead of throwing. Lost sync (bytes between frames that are not a frame) is
   * skipped, as the reference decoder does; the data ending inside a frame is a cut file.
   */
  private static final class Errors implements FrameListener {
    private String first;
    private boolean cut;

    @Override
    public void processMetadata(Metadata metadata) {}

    @Override
    public void processFrame(Frame frame) {}

    @Override
    public void processError(String message) {
      if (message.contains("EOFException")) {
        cut = true;
      } else if (first == null && !message.startsWith("FindSync LOST_SYNC")) {
        first = message;
      }
    }

    void check(long at) throws DecodeException {
      if (first != null) {
        throw corrupt("a frame near sample " + at + ": " + first);
      }
    }
  }
}
