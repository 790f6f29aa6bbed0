package dev.mmsearch.extract.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry_from_timestamp;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.DecodeException.Reason;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A cursor over the decoded frames of one video stream, asked for the frame shown at increasing
 * times. It keeps the last two frames decoded (FFmpeg references, not copies), so "the frame shown
 * at t" is the last frame whose time is at most t. Between targets it decodes forward, or seeks to
 * the keyframe before the target when that skips at least {@link #MIN_SKIP_SECONDS} of frames
 * (the container's index says where keyframes are; without an index, only when the target is
 * {@link #BLIND_SEEK_SECONDS} ahead). Every frame decoded is counted against the
 * {@link FrameBudget} and checked against the picture limits. Single-threaded decoding: concurrency
 * comes from concurrent decodes, each with its own cursor. Not thread-safe; close it.
 */
final class VideoTrack implements AutoCloseable {

  /** A seek is made when it skips at least this much of the video. */
  static final double MIN_SKIP_SECONDS = 1.0;

  /** With no keyframe index, a seek (a bisection over the file) is made only for targets this far ahead. */
  static final double BLIND_SEEK_SECONDS = 10.0;

  /** When {@link #skipAhead skipping}, frames no other frame refers to are not decoded until the target is this close. */
  static final double SKIP_UNTIL_SECONDS = 1.0;

  /** Called for every frame decoded, in order; {@code afterGap} when frames before it were skipped (start, seek). */
  interface Listener {
    void decoded(AVFrame frame, double time, boolean afterGap) throws DecodeException;
  }

  /** Which kept frame is shown at a time. */
  enum Shown {
    PREVIOUS,
    CURRENT,
    NONE
  }

  private final Demuxer demuxer;
  private final AVStream stream;
  private final int index;
  private final double timeBase;
  private final long start;
  /** How far the index's timestamps (decode times in MP4) run ahead of presentation times, in time-base units. */
  private final long indexDelay;
  private final VideoLimits limits;
  private final FrameBudget budget;
  private final AVCodecContext codec;
  private final AVPacket packet;
  private AVFrame previous;
  private AVFrame current;
  private AVFrame incoming;
  private double previousTime;
  private double currentTime;
  private boolean hasPrevious;
  private boolean hasCurrent;
  private boolean drained;
  private boolean ended;
  private int readEnd;
  private long decoded;
  private long damaged;
  private double lastEnd;
  private double nominalFrame;
  private double gapsSum;
  private long gaps;
  private Listener listener = (frame, time, afterGap) -> {};
  private boolean skipAhead;

  private VideoTrack(Demuxer demuxer, int index, AVCodecContext codec, VideoLimits limits, FrameBudget budget, double fps) {
    this.demuxer = demuxer;
    this.stream = demuxer.stream(index);
    this.index = index;
    this.timeBase = av_q2d(stream.time_base());
    this.start = stream.start_time() == AV_NOPTS_VALUE ? 0 : stream.start_time();
    AVIndexEntry first = avformat_index_get_entries_count(stream) > 0 ? avformat_index_get_entry(stream, 0) : null;
    this.indexDelay = first != null && !first.isNull() ? Math.max(0, start - first.timestamp()) : 0;
    this.codec = codec;
    this.limits = limits;
    this.budget = budget;
    this.nominalFrame = fps > 0 ? 1 / fps : 0.04;
    this.packet = av_packet_alloc();
    this.previous = av_frame_alloc();
    this.current = av_frame_alloc();
    this.incoming = av_frame_alloc();
  }

  /** A cursor over stream {@code index}, decoded by {@code decoder}. */
  static VideoTrack open(Demuxer demuxer, int index, AVCodec decoder, VideoLimits limits, FrameBudget budget, double fps)
      throws DecodeException {
    AVStream stream = demuxer.stream(index);
    AVCodecContext codec = avcodec_alloc_context3(decoder);
    if (codec == null || codec.isNull()) {
      throw new OutOfMemoryError("avcodec_alloc_context3 failed");
    }
    int r = avcodec_parameters_to_context(codec, stream.codecpar());
    if (r >= 0) {
      codec.pkt_timebase(stream.time_base());
      codec.thread_count(1);
      // The decoder refuses to allocate a frame larger than this, whatever its bitstream says.
      codec.max_pixels((long) limits.maxWidth() * limits.maxHeight());
      r = avcodec_open2(codec, decoder, (AVDictionary) null);
    }
    if (r < 0) {
      avcodec_free_context(codec);
      throw new DecodeException(Reason.CORRUPT, "the " + decoder.name().getString() + " decoder cannot start on this stream: "
          + Demuxer.error(r));
    }
    return new VideoTrack(demuxer, index, codec, limits, budget, fps);
  }

  void listen(Listener listener) {
    this.listener = listener;
  }

  /**
   * On the way to a target more than {@link #SKIP_UNTIL_SECONDS} ahead, skip the frames no other
   * frame refers to (B-frames, mostly): they are never shown, so only the frames near targets
   * need them. For the frames pass; the sampling pass watches every frame.
   */
  void skipAhead(boolean skip) {
    this.skipAhead = skip;
  }

  /** Which kept frame is shown at {@code t} (seconds from the stream's start); targets must not decrease. */
  Shown at(double t) throws DecodeException {
    if (hasCurrent && currentTime > t) {
      return hasPrevious ? Shown.PREVIOUS : Shown.CURRENT;
    }
    if (!ended) {
      seekIfWorthIt(t);
    }
    while (!ended && (!hasCurrent || currentTime <= t)) {
      codec.skip_frame(skipAhead && hasCurrent && t - currentTime > SKIP_UNTIL_SECONDS ? AVDISCARD_NONREF : AVDISCARD_DEFAULT);
      decodeNext();
    }
    if (!hasCurrent) {
      return Shown.NONE;
    }
    if (currentTime <= t) {
      return Shown.CURRENT;
    }
    return hasPrevious ? Shown.PREVIOUS : Shown.CURRENT;
  }

  AVFrame frame(Shown shown) {
    return shown == Shown.PREVIOUS ? previous : current;
  }

  double time(Shown shown) {
    return shown == Shown.PREVIOUS ? previousTime : currentTime;
  }

  /** Whether the stream's data has ended (all of it decoded, or the rest unreadable). */
  boolean ended() {
    return ended;
  }

  /** Whether reading stopped on an error other than the end of the data. */
  boolean readFailed() {
    return ended && readEnd < 0 && readEnd != AVERROR_EOF();
  }

  /** The end of the last frame decoded: its time plus its duration. */
  double lastEnd() {
    return lastEnd;
  }

  long decoded() {
    return decoded;
  }

  /** Packets or frames the decoder rejected. */
  long damaged() {
    return damaged;
  }

  /** Frames per second measured between consecutive frames decoded; 0 if fewer than two were. */
  double measuredFps() {
    return gaps == 0 || gapsSum <= 0 ? 0 : gaps / gapsSum;
  }

  private void seekIfWorthIt(double t) {
    double here = hasCurrent ? currentTime : 0;
    if (t - here < MIN_SKIP_SECONDS) {
      return;
    }
    long ts = start + (long) Math.floor(t / timeBase);
    // The seek lands on the last keyframe shown at or before t. MP4 indexes decode times, which run
    // ahead of presentation by the reordering delay: look that much earlier.
    AVIndexEntry key = avformat_index_get_entry_from_timestamp(stream, ts - indexDelay, AVSEEK_FLAG_BACKWARD);
    boolean worth = key != null && !key.isNull()
        ? (key.timestamp() + indexDelay - start) * timeBase >= here + MIN_SKIP_SECONDS
        : t - here >= BLIND_SEEK_SECONDS;
    if (worth && av_seek_frame(demuxer.fmt, index, ts, AVSEEK_FLAG_BACKWARD) >= 0) {
      avcodec_flush_buffers(codec);
      av_frame_unref(previous);
      av_frame_unref(current);
      hasPrevious = false;
      hasCurrent = false;
      drained = false;
      ended = false;
    }
  }

  private void decodeNext() throws DecodeException {
    while (true) {
      int r = avcodec_receive_frame(codec, incoming);
      if (r >= 0) {
        accept();
        return;
      }
      if (r == AVERROR_EOF()) {
        ended = true;
        return;
      }
      if (r != Demuxer.EAGAIN) {
        damaged++;
      }
      if (drained) {
        ended = true;
        return;
      }
      feed();
    }
  }

  private void feed() {
    int r = av_read_frame(demuxer.fmt, packet);
    if (r < 0) {
      readEnd = r;
      avcodec_send_packet(codec, (AVPacket) null);
      drained = true;
      return;
    }
    try {
      if (packet.stream_index() == index) {
        int s = avcodec_send_packet(codec, packet);
        if (s < 0 && s != Demuxer.EAGAIN) {
          damaged++;
        }
      }
    } finally {
      av_packet_unref(packet);
    }
  }

  private void accept() throws DecodeException {
    budget.spend();
    decoded++;
    int w = incoming.width();
    int h = incoming.height();
    if (!limits.fits(w, h)) {
      throw new DecodeException(Reason.TOO_MANY_PIXELS, "a frame is " + w + "x" + h + ", more than the limit of "
          + limits.maxWidth() + "x" + limits.maxHeight());
    }
    double t = timeOf(incoming);
    boolean afterGap = !hasCurrent;
    AVFrame dropped = previous;
    av_frame_unref(dropped);
    previous = current;
    previousTime = currentTime;
    hasPrevious = hasCurrent;
    current = incoming;
    currentTime = t;
    hasCurrent = true;
    incoming = dropped;
    if (!afterGap && t > previousTime) {
      gapsSum += t - previousTime;
      gaps++;
    }
    long duration = current.duration();
    lastEnd = Math.max(lastEnd, t + (duration > 0 ? duration * timeBase : nominalFrame));
    listener.decoded(current, t, afterGap);
  }

  private double timeOf(AVFrame frame) {
    long ts = frame.best_effort_timestamp();
    if (ts == AV_NOPTS_VALUE) {
      ts = frame.pts();
    }
    if (ts == AV_NOPTS_VALUE) {
      return hasCurrent ? currentTime + nominalFrame : 0;
    }
    return Math.max(0, (ts - start) * timeBase);
  }

  @Override
  public void close() {
    av_frame_free(previous);
    av_frame_free(current);
    av_frame_free(incoming);
    av_packet_free(packet);
    avcodec_free_context(codec);
  }
}
