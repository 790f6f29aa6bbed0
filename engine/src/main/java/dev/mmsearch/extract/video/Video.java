package dev.mmsearch.extract.video;

import dev.mmsearch.extract.Audio;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * A decoded video: what it is, its moments with the frames to embed, its sound and a poster.
 *
 * @param container {@code "mp4"}, {@code "mov"} (QuickTime brand), {@code "webm"} or {@code "mkv"}
 * @param videoCodec FFmpeg's codec name: {@code "h264"}, {@code "hevc"}, {@code "vp8"}, {@code "vp9"} or {@code "av1"}
 * @param audioCodec FFmpeg's codec name of the sound track decoded ({@code "aac"}, {@code "opus"}, …);
 *     null when there is none
 * @param width picture width as shown: the coded width, or the coded height when the container
 *     turns the picture a quarter (a phone held upright)
 * @param height picture height as shown
 * @param fps frame rate, as declared (average), else as measured
 * @param seconds length of the video track: as declared, or up to the last frame when the data
 *     ends early
 * @param segments the moments, in time order, covering {@code [0, seconds]} without gaps
 * @param audio the sound track, mono; null when {@code audioCodec} is
 * @param poster the most detailed sampled frame of the first third (never a black or uniform
 *     frame when another exists), longer side at most {@link VideoLimits#frameSide()}
 */
public record Video(
    String container,
    String videoCodec,
    String audioCodec,
    int width,
    int height,
    double fps,
    double seconds,
    List<Segment> segments,
    Audio audio,
    BufferedImage poster) {

  public Video {
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(videoCodec, "videoCodec");
    Objects.requireNonNull(poster, "poster");
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a video has at least one segment");
    }
    if ((audioCodec == null) != (audio == null)) {
      throw new IllegalArgumentException("audioCodec and audio are both null or both set, got: " + audioCodec + ", " + audio);
    }
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds must be positive, got: " + seconds);
    }
  }
}
