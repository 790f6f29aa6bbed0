package dev.mmsearch.extract.video;

import java.util.List;

/**
 * One moment of a video, {@code [start, end)} in seconds, with the frames chosen to embed it.
 *
 * @param frames at least one, in time order, each inside the moment
 */
public record Segment(double start, double end, List<VideoFrame> frames) {

  public Segment {
    if (!(start >= 0) || !(end > start)) {
      throw new IllegalArgumentException("a segment must have 0 <= start < end, got: [" + start + ", " + end + ")");
    }
    frames = List.copyOf(frames);
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("a segment must have at least one frame, got none for [" + start + ", " + end + ")");
    }
    double previous = Double.NEGATIVE_INFINITY;
    for (VideoFrame f : frames) {
      if (f.time() < start || f.time() > end || f.time() < previous) {
        throw new IllegalArgumentException("frames must be in time order inside [" + start + ", " + end + "), got: " + f.time());
      }
      previous = f.time();
    }
  }

  public double seconds() {
    return end - start;
  }
}
