package dev.mmsearch.extract.video;

import java.util.List;

/**
 * Which sampled frame becomes a video's poster: among the samples of the first third (at least the
 * first sample), the one with the highest luminance standard deviation, the earliest on ties. A
 * black or plain first frame (fade-ins, black leaders) is never chosen when another sample shows
 * something: if the whole first third is plain, the rest of the video is searched.
 */
final class Poster {

  private Poster() {}

  /** The index of the poster among {@code samples} taken at {@code times}, for a video of {@code seconds}. */
  static int choose(double[] times, List<Signature> samples, double seconds) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a poster needs at least one sample");
    }
    int best = 0;
    for (int i = 1; i < samples.size() && times[i] <= seconds / 3; i++) {
      if (samples.get(i).lumaStd() > samples.get(best).lumaStd()) {
        best = i;
      }
    }
    if (samples.get(best).uniform()) {
      for (int i = 0; i < samples.size(); i++) {
        if (samples.get(i).lumaStd() > samples.get(best).lumaStd()) {
          best = i;
        }
      }
    }
    return best;
  }
}
