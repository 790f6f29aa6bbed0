package dev.mmsearch.extract.video;

import static org.bytedeco.ffmpeg.avformat.AVFormatContext.AVFMT_FLAG_CUSTOM_IO;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.DecodeException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/** One opened container: an AVFormatContext over a {@link Source}, for one pass. Not thread-safe; close it. */
final class Demuxer implements AutoCloseable {

  static {
    // FFmpeg logs every damaged packet to stderr; failures reach callers as DecodeExceptions instead.
    av_log_set_level(AV_LOG_QUIET);
  }

  /** {@code AVERROR(EAGAIN)} on Linux. */
  static final int EAGAIN = -11;

  /** {@code AVERROR(EIO)}. */
  static final int EIO = -5;

  final AVFormatContext fmt;
  final Container container;
  private final NativeIo.Attachment io;

  private Demuxer(AVFormatContext fmt, Container container, NativeIo.Attachment io) {
    this.fmt = fmt;
    this.container = container;
    this.io = io;
  }

  /** Opens {@code source} with the demuxer of {@code container} and reads its header. */
  static Demuxer open(Source source, Container container) throws DecodeException {
    AVFormatContext fmt = avformat_alloc_context();
    if (fmt == null || fmt.isNull()) {
      throw new OutOfMemoryError("avformat_alloc_context failed");
    }
    NativeIo.Attachment io;
    try {
      io = NativeIo.attach(source);
    } catch (RuntimeException | OutOfMemoryError e) {
      avformat_free_context(fmt);
      throw e;
    }
    fmt.pb(io.io());
    fmt.flags(fmt.flags() | AVFMT_FLAG_CUSTOM_IO);
    AVInputFormat format = av_find_input_format(container.demuxer);
    int r = avformat_open_input(fmt, "", format, (AVDictionary) null);
    if (r < 0) {
      // avformat_open_input has freed the context, not our I/O.
      NativeIo.free(io);
      throw headerFailure(source, container, r);
    }
    return new Demuxer(fmt, container, io);
  }

  AVStream stream(int index) {
    return fmt.streams(index);
  }

  int streams() {
    return fmt.nb_streams();
  }

  @Override
  public void close() {
    avformat_close_input(fmt);
    NativeIo.free(io);
  }

  /** FFmpeg's words for an error code. */
  static String error(int code) {
    byte[] text = new byte[128];
    av_strerror(code, text, text.length);
    int n = 0;
    while (n < text.length && text[n] != 0) {
      n++;
    }
    return new String(text, 0, n, StandardCharsets.UTF_8);
  }

  /** Why a header could not be read: a cut file, or a broken one, said as precisely as the bytes allow. */
  private static DecodeException headerFailure(Source source, Container container, int code) {
    if (container.iso()) {
      try {
        IsoBoxes boxes = IsoBoxes.walk(source);
        if (!boxes.has("moov")) {
          return boxes.cut()
              ? new DecodeException(Reason.TRUNCATED, "the " + container.label + " file ends inside its '" + boxes.last()
                  + "' box, before its index ('moov' box): it was cut short or never finished")
              : new DecodeException(Reason.CORRUPT, "the " + container.label + " file has no index ('moov' box)");
        }
        if (boxes.cut()) {
          return new DecodeException(Reason.TRUNCATED, "the " + container.label + " file ends inside its '" + boxes.last()
              + "' box and its header cannot be read (" + error(code) + ")");
        }
      } catch (IOException e) {
        return new DecodeException(Reason.CORRUPT, "the " + container.label + " file cannot be read: " + e, e);
      }
    }
    Reason reason = code == AVERROR_EOF() || code == EIO ? Reason.TRUNCATED : Reason.CORRUPT;
    return new DecodeException(reason, "the " + container.label + " header cannot be read: " + error(code));
  }
}
