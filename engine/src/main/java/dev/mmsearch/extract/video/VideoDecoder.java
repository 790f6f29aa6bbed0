package dev.mmsearch.extract.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import dev.mmsearch.extract.Audio;
import dev.mmsearch.extract.DecodeException;
import dev.mmsearch.extract.DecodeException.Reason;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.IntPointer;

/**
 * Turns an encoded video (MP4/MOV, WebM or MKV holding H.264, H.265, VP8, VP9 or AV1) into its
 * moments, the frames that embed them, a poster and its sound track, through FFmpeg (JavaCPP's
 * LGPL build; docs/architecture.md, "Video").
 *
 * <p>The container is told by its first bytes and opened by the one FFmpeg demuxer named for it,
 * reading through callbacks from memory or the file (FFmpeg opens nothing itself). Before any
 * frame is decoded, the header is checked against the {@link VideoLimits}: bytes, a video stream
 * in an accepted codec, width and height, declared duration (a container that does not declare it
 * is walked packet by packet, without decoding) and declared frame rate. Then, in separate passes,
 * each over its own demuxer and decoder:
 * <ol>
 *   <li><b>samples</b>: the frame shown every {@link VideoLimits#sampleInterval} seconds is reduced
 *       to a {@link Signature}, and every frame decoded to a point-sampled grid, to place cuts on
 *       the frame where the picture jumped; the decoder seeks to the keyframe before a target when
 *       that skips frames and decodes forward otherwise. A file that ends early keeps what decoded
 *       before the end.
 *   <li><b>moments</b>: {@link ShotDetector} and {@link Segmenter}, pure Java on the signatures;
 *       the {@link Poster} is chosen among the samples.
 *   <li><b>frames</b>: only the frames to embed and the poster are decoded again and scaled
 *       (swscale) to {@link VideoLimits#frameSide()}, upright and at display aspect.
 *   <li><b>sound</b>: the first {@link VideoLimits#maxAudioSeconds()} of the sound track, mono.
 * </ol>
 * Memory is bounded by construction: about 1 KB per sample, the returned frames, the kept sound,
 * and in native memory one decoder's reference frames at a time.
 *
 * <p>Every frame decoded counts against {@link VideoLimits#maxFramesDecoded()}. Whatever the
 * native code reports ends as a {@link DecodeException} for that input alone
 * ({@link DecodeException#contain}). Instances are immutable and thread-safe: every call has its
 * own native contexts.
 */
public final class VideoDecoder {

  /** Video codecs decoded, by FFmpeg codec id. */
  private static final Map<Integer, String> VIDEO_CODECS = Map.of(
      AV_CODEC_ID_H264, "H.264", AV_CODEC_ID_HEVC, "H.265", AV_CODEC_ID_VP8, "VP8", AV_CODEC_ID_VP9, "VP9",
      AV_CODEC_ID_AV1, "AV1");

  private static final String ACCEPTED_CODECS = "H.264, H.265, VP8, VP9 and AV1 are";

  /** Bytes read to tell the container. */
  private static final int HEAD = 4096;

  private final VideoLimits limits;
  private final ShotDetector shots;
  private final Segmenter segmenter;

  public VideoDecoder(VideoLimits limits) {
    this(limits, ShotDetector.DEFAULT);
  }

  public VideoDecoder(VideoLimits limits, ShotDetector shots) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.shots = Objects.requireNonNull(shots, "shots");
    this.segmenter = new Segmenter(limits);
  }

  public VideoLimits limits() {
    return limits;
  }

  public Video decode(byte[] bytes) throws DecodeException {
    checkSize(bytes.length);
    try (Source source = Source.of(bytes)) {
      return DecodeException.contain("video", () -> decode(source));
    } catch (IOException e) {
      throw new IllegalStateException("closing an in-memory source cannot fail", e);
    }
  }

  /** Reads a file (its size checked first), only the parts the decode needs. */
  public Video decode(Path file) throws DecodeException, IOException {
    checkSize(Files.size(file));
    try (Source source = Source.open(file)) {
      return DecodeException.contain("video", () -> decode(source));
    }
  }

  private void checkSize(long size) throws DecodeException {
    if (size > limits.maxBytes()) {
      throw new DecodeException(Reason.TOO_MANY_BYTES, "the video is " + size + " bytes, more than the limit of "
          + limits.maxBytes());
    }
    if (size == 0) {
      throw new DecodeException(Reason.EMPTY, "the video is empty (0 bytes)");
    }
  }

  /** What the header says, checked. */
  private record Header(
      Container container,
      int video,
      AVCodec decoder,
      String videoCodec,
      int width,
      int height,
      int quarterTurns,
      double fps,
      double seconds,
      int audio,
      String audioCodec) {}

  private Video decode(Source source) throws DecodeException {
    byte[] head;
    try {
      head = source.bytes(0, HEAD);
    } catch (IOException e) {
      throw new DecodeException(Reason.CORRUPT, "the video cannot be read: " + e, e);
    }
    Container container = Container.sniff(head);
    FrameBudget budget = new FrameBudget(limits.maxFramesDecoded());
    Header header;
    try (Demuxer demuxer = Demuxer.open(source, container)) {
      header = header(demuxer, source);
    }
    if (header.seconds <= 0) {
      try (Demuxer demuxer = Demuxer.open(source, container)) {
        header = measured(demuxer, header);
      }
    }

    Sampling sampling;
    try (Demuxer demuxer = Demuxer.open(source, container);
        VideoTrack track = openTrack(demuxer, header, budget);
        Pictures pictures = new Pictures(limits.frameSide(), header.quarterTurns)) {
      sampling = sample(track, pictures, header);
    }
    double seconds = sampling.seconds;
    List<Double> cuts = new ArrayList<>();
    for (int c : shots.cuts(sampling.signatures)) {
      cuts.add(sampling.cutTime(c));
    }
    boolean[] usable = new boolean[sampling.signatures.size()];
    for (int i = 0; i < usable.length; i++) {
      usable[i] = !sampling.signatures.get(i).uniform();
    }
    List<Segmenter.Moment> moments =
        segmenter.segment(cuts, seconds, new Segmenter.Samples(sampling.times, usable));
    double posterTime = sampling.times[Poster.choose(sampling.times, sampling.signatures, seconds)];

    TreeMap<Double, BufferedImage> images = new TreeMap<>();
    for (Segmenter.Moment m : moments) {
      for (double t : m.embedTimes()) {
        images.put(t, null);
      }
    }
    images.put(posterTime, null);
    picture(source, header, budget, images);
    List<Segment> segments = new ArrayList<>(moments.size());
    for (Segmenter.Moment m : moments) {
      segments.add(segment(m, images));
    }
    BufferedImage poster = nearest(images, posterTime);

    Audio audio = null;
    String audioCodec = null;
    if (header.audio >= 0) {
      audio = SoundTrack.decode(source, container, header.audio, limits);
      audioCodec = audio == null ? null : header.audioCodec;
    }
    double fps = header.fps > 0 ? header.fps : sampling.measuredFps;
    int width = header.width > 0 ? header.width : sampling.width;
    int height = header.height > 0 ? header.height : sampling.height;
    boolean turned = header.quarterTurns % 2 == 1;
    return new Video(container.label, header.videoCodec, audioCodec, turned ? height : width, turned ? width : height, fps,
        seconds, segments, audio, poster);
  }

  /** The frames pass: fills in the picture shown at each time of {@code images} (in increasing order). */
  private void picture(Source source, Header header, FrameBudget budget, TreeMap<Double, BufferedImage> images)
      throws DecodeException {
    try (Demuxer demuxer = Demuxer.open(source, header.container);
        VideoTrack track = openTrack(demuxer, header, budget);
        Pictures pictures = new Pictures(limits.frameSide(), header.quarterTurns)) {
      track.skipAhead(true);
      for (Map.Entry<Double, BufferedImage> e : images.entrySet()) {
        VideoTrack.Shown shown = track.at(e.getKey());
        if (shown != VideoTrack.Shown.NONE) {
          e.setValue(pictures.picture(track.frame(shown)));
        }
      }
    }
    images.values().removeIf(Objects::isNull);
    if (images.isEmpty()) {
      throw new DecodeException(Reason.CORRUPT, "no frame of the " + header.videoCodec + " stream decodes a second time");
    }
  }

  /** A moment with its frames; should none have decoded, the picture nearest its middle. */
  private static Segment segment(Segmenter.Moment m, TreeMap<Double, BufferedImage> images) {
    List<VideoFrame> frames = new ArrayList<>();
    for (double t : m.embedTimes()) {
      BufferedImage image = images.get(t);
      if (image != null) {
        frames.add(new VideoFrame(t, image));
      }
    }
    if (frames.isEmpty()) {
      double mid = (m.start() + m.end()) / 2;
      frames.add(new VideoFrame(mid, nearest(images, mid)));
    }
    return new Segment(m.start(), m.end(), frames);
  }

  private static BufferedImage nearest(TreeMap<Double, BufferedImage> images, double t) {
    Map.Entry<Double, BufferedImage> below = images.floorEntry(t);
    Map.Entry<Double, BufferedImage> above = images.ceilingEntry(t);
    if (below == null) {
      return above.getValue();
    }
    if (above == null) {
      return below.getValue();
    }
    return t - below.getKey() <= above.getKey() - t ? below.getValue() : above.getValue();
  }

  private VideoTrack openTrack(Demuxer demuxer, Header header, FrameBudget budget) throws DecodeException {
    for (int i = 0; i < demuxer.streams(); i++) {
      demuxer.stream(i).discard(i == header.video ? AVDISCARD_DEFAULT : AVDISCARD_ALL);
    }
    return VideoTrack.open(demuxer, header.video, header.decoder, limits, budget, header.fps);
  }

  /** The header's streams, codecs and declared sizes, checked against the limits. */
  private Header header(Demuxer demuxer, Source source) throws DecodeException {
    Container container = demuxer.container;
    int video = -1;
    int audio = -1;
    for (int i = 0; i < demuxer.streams(); i++) {
      AVStream s = demuxer.stream(i);
      int type = s.codecpar().codec_type();
      if (type == AVMEDIA_TYPE_VIDEO && video < 0 && (s.disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
        video = i;
      } else if (type == AVMEDIA_TYPE_AUDIO && audio < 0 && SoundTrack.decodable(s.codecpar().codec_id())) {
        audio = i;
      }
    }
    if (video < 0) {
      IsoBoxes boxes = container.iso() ? isoBoxes(source) : null;
      if (boxes != null && boxes.cut()) {
        throw new DecodeException(Reason.TRUNCATED, "the " + container.label + " file ends inside its '" + boxes.last()
            + "' box, before any video stream is described");
      }
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "the " + container.label + " file holds no video stream"
          + (audio >= 0 ? " (only sound)" : ""));
    }
    AVStream stream = demuxer.stream(video);
    AVCodecParameters par = stream.codecpar();
    int codecId = par.codec_id();
    String codecName = avcodec_get_name(codecId).getString();
    if (!VIDEO_CODECS.containsKey(codecId)) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, "the " + container.label + " file's video is " + codecName
          + ", not a supported codec (" + ACCEPTED_CODECS + ")");
    }
    AVCodec decoder = avcodec_find_decoder(codecId);
    if (decoder == null || decoder.isNull()) {
      throw new DecodeException(Reason.UNSUPPORTED_FORMAT, VIDEO_CODECS.get(codecId) + " decoding is not available in this build");
    }
    int width = par.width();
    int height = par.height();
    if (width < 0 || height < 0 || !limits.fits(width, height)) {
      throw new DecodeException(Reason.TOO_MANY_PIXELS, "the video declares " + width + "x" + height
          + " pixels, more than the limit of " + limits.maxWidth() + "x" + limits.maxHeight());
    }
    double streamSeconds = stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0
        ? stream.duration() * av_q2d(stream.time_base())
        : 0;
    long formatDuration = demuxer.fmt.duration();
    double formatSeconds = formatDuration != AV_NOPTS_VALUE && formatDuration > 0 ? formatDuration / (double) AV_TIME_BASE : 0;
    double declared = Math.max(streamSeconds, formatSeconds);
    if (declared > limits.maxSeconds()) {
      throw tooLong(declared, "declares");
    }
    double fps = rate(stream.avg_frame_rate());
    if (fps <= 0) {
      fps = rate(stream.r_frame_rate());
    }
    if (fps > limits.maxFps()) {
      throw new DecodeException(Reason.TOO_LONG, String.format(Locale.ROOT,
          "the video declares %.6g frames per second, more than the limit of %.6g", fps, limits.maxFps()));
    }
    String audioCodec = audio >= 0 ? avcodec_get_name(demuxer.stream(audio).codecpar().codec_id()).getString() : null;
    return new Header(container, video, decoder, codecName, width, height, quarterTurns(par), fps,
        streamSeconds > 0 ? streamSeconds : formatSeconds, audio, audioCodec);
  }

  private static IsoBoxes isoBoxes(Source source) throws DecodeException {
    try {
      return IsoBoxes.walk(source);
    } catch (IOException e) {
      throw new DecodeException(Reason.CORRUPT, "the video cannot be read: " + e, e);
    }
  }

  private DecodeException tooLong(double seconds, String how) {
    return new DecodeException(Reason.TOO_LONG, String.format(Locale.ROOT, "the video %s %.1f seconds, more than the limit of %.1f",
        how, seconds, limits.maxSeconds()));
  }

  /** A header whose container does not declare the duration, completed by walking the video packets (not decoding them). */
  private Header measured(Demuxer demuxer, Header header) throws DecodeException {
    for (int i = 0; i < demuxer.streams(); i++) {
      demuxer.stream(i).discard(i == header.video ? AVDISCARD_DEFAULT : AVDISCARD_ALL);
    }
    AVStream stream = demuxer.stream(header.video);
    double timeBase = av_q2d(stream.time_base());
    // FFmpeg fills in the stream's start time from the first packet read: take it now or never.
    long declaredStart = stream.start_time();
    long start = declaredStart == AV_NOPTS_VALUE ? Long.MAX_VALUE : declaredStart;
    long end = Long.MIN_VALUE;
    long packets = 0;
    AVPacket packet = av_packet_alloc();
    try {
      while (av_read_frame(demuxer.fmt, packet) >= 0) {
        try {
          if (packet.stream_index() != header.video) {
            continue;
          }
          long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
          if (pts == AV_NOPTS_VALUE) {
            continue;
          }
          packets++;
          if (declaredStart == AV_NOPTS_VALUE) {
            start = Math.min(start, pts);
          }
          end = Math.max(end, pts + Math.max(0, packet.duration()));
          if ((end - start) * timeBase > limits.maxSeconds()) {
            throw tooLong(limits.maxSeconds(), "lasts more than");
          }
        } finally {
          av_packet_unref(packet);
        }
      }
    } finally {
      av_packet_free(packet);
    }
    double seconds = packets == 0 ? 0 : (end - start) * timeBase;
    if (!(seconds > 0)) {
      throw new DecodeException(Reason.TRUNCATED, "the " + header.container.label + " file holds no timed video packet");
    }
    double fps = header.fps > 0 ? header.fps : packets / seconds;
    if (fps > limits.maxFps()) {
      throw new DecodeException(Reason.TOO_LONG, String.format(Locale.ROOT,
          "the video has %.6g frames per second, more than the limit of %.6g", fps, limits.maxFps()));
    }
    return new Header(header.container, header.video, header.decoder, header.videoCodec, header.width, header.height,
        header.quarterTurns, fps, seconds, header.audio, header.audioCodec);
  }

  private static double rate(AVRational r) {
    return r != null && r.num() > 0 && r.den() > 0 ? r.num() / (double) r.den() : 0;
  }

  /** Clockwise quarter turns that show the picture upright, from the stream's display matrix (a phone held upright: 1). */
  private static int quarterTurns(AVCodecParameters par) {
    AVPacketSideData side = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
    if (side == null || side.isNull() || side.size() < 36 || side.data() == null || side.data().isNull()) {
      return 0;
    }
    double degrees = av_display_rotation_get(new IntPointer(side.data()));
    if (Double.isNaN(degrees)) {
      return 0;
    }
    return (int) Math.floorMod(Math.round(-degrees / 90), 4L);
  }

  /** The result of the sampling pass. */
  private static final class Sampling {
    final List<Signature> signatures = new ArrayList<>();
    double[] times;
    /** Per interval k, (times[k-1], times[k]]: the frame after the largest frame-to-frame change, when every frame in it was decoded. */
    double[] jumpTime;
    double[] jumpSize;
    boolean[] skipped;
    double seconds;
    double measuredFps;
    int width;
    int height;

    double cutTime(int k) {
      if (!skipped[k] && !Double.isNaN(jumpTime[k])) {
        return jumpTime[k];
      }
      return (times[k - 1] + times[k]) / 2;
    }
  }

  /** The sampling pass: a signature of the frame shown at each sample time, and where the picture jumped in between. */
  private Sampling sample(VideoTrack track, Pictures pictures, Header header) throws DecodeException {
    double seconds = header.seconds;
    double interval = limits.sampleInterval(seconds);
    int n = (int) Math.max(1, Math.floor(seconds / interval + 0.5));
    double[] times = new double[n];
    for (int k = 0; k < n; k++) {
      times[k] = n == 1 && seconds < interval / 2 ? seconds / 2 : (k + 0.5) * interval;
    }
    Sampling s = new Sampling();
    s.jumpTime = new double[n + 1];
    Arrays.fill(s.jumpTime, Double.NaN);
    s.jumpSize = new double[n + 1];
    s.skipped = new boolean[n + 1];
    byte[][] previous = {null};
    double[] last = {Double.NaN};
    track.listen((frame, time, afterGap) -> {
      if (s.width == 0) {
        s.width = frame.width();
        s.height = frame.height();
      }
      byte[] grid = pictures.grid(frame);
      int k = (int) Math.max(0, Math.min(n, Math.ceil(time / interval - 0.5)));
      if (afterGap || previous[0] == null) {
        int from = Double.isNaN(last[0]) ? 0 : (int) Math.max(0, Math.min(n, Math.ceil(last[0] / interval - 0.5)));
        for (int j = from; j <= k; j++) {
          s.skipped[j] = true;
        }
      } else {
        double change = Pictures.change(previous[0], grid);
        if (change > s.jumpSize[k]) {
          s.jumpSize[k] = change;
          s.jumpTime[k] = time;
        }
      }
      previous[0] = grid;
      last[0] = time;
    });
    int taken = 0;
    for (int k = 0; k < n; k++) {
      VideoTrack.Shown shown = track.at(times[k]);
      if (shown == VideoTrack.Shown.NONE) {
        break;
      }
      if (track.ended() && times[k] > track.lastEnd()) {
        break;
      }
      s.signatures.add(pictures.signature(track.frame(shown)));
      taken++;
    }
    if (taken == 0) {
      if (track.damaged() > 0) {
        throw new DecodeException(Reason.CORRUPT, "no frame of the " + header.videoCodec + " stream decodes ("
            + track.damaged() + " packets rejected)");
      }
      throw new DecodeException(track.readFailed() || track.ended() ? Reason.TRUNCATED : Reason.CORRUPT,
          "the " + header.container.label + " file holds no complete " + header.videoCodec + " frame");
    }
    s.times = Arrays.copyOf(times, taken);
    s.seconds = track.ended() ? Math.min(seconds, track.lastEnd()) : seconds;
    s.measuredFps = track.measuredFps();
    return s;
  }
}
